import NIOCore
import ServiceKit

/// The protocol engine of a subscription connection: on connect it sends SUBSCRIBE and PSUBSCRIBE
/// for every channel and pattern, reports when the server confirmed all of them, and yields each
/// message to the subscription's bounded buffer.
///
/// Backpressure: the channel does not read by itself (autoRead off). It reads again only while the
/// buffer is below its high watermark; above it, unread bytes stay in the socket, and Redis keeps
/// them in its output buffer for this client (dropping the client past `client-output-buffer-limit
/// pubsub`, after which the subscription reconnects).
final class SubscriptionHandler: ChannelInboundHandler {
    typealias InboundIn = ByteBuffer
    typealias OutboundOut = ByteBuffer
    typealias Source = NIOAsyncSequenceProducer<
        RedisPubSubMessage, NIOAsyncSequenceProducerBackPressureStrategies.HighLowWatermark, SubscriptionReadDemand
    >.Source

    private let endpoint: HostPort
    private let channels: [String]
    private let patterns: [String]
    private let source: Source
    private let confirmationTimeout: Duration
    private let parser = RedisReplyParser()
    /// Completed when the server confirmed every subscription (or failed when it cannot).
    let subscribed: EventLoopPromise<Void>
    /// Subscriptions sent and not yet confirmed ("channel:NAME" / "pattern:NAME").
    private var unconfirmed: Set<String>
    private var confirmationTimer: Scheduled<Void>?
    private var context: ChannelHandlerContext?
    /// The consumer's buffer is full: read nothing until it asks for more.
    private var readingPaused = false

    init(
        endpoint: HostPort, channels: [String], patterns: [String], source: Source,
        confirmationTimeout: Duration, eventLoop: any EventLoop
    ) {
        self.endpoint = endpoint
        self.channels = channels
        self.patterns = patterns
        self.source = source
        self.confirmationTimeout = confirmationTimeout
        self.subscribed = eventLoop.makePromise()
        self.unconfirmed = Set(channels.map { "channel:" + $0 } + patterns.map { "pattern:" + $0 })
    }

    func handlerAdded(context: ChannelHandlerContext) {
        self.context = context
        if context.channel.isActive { subscribe(context: context) }
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        self.context = nil
        subscribed.fail(error(.connectionClosed, "the subscription's handler was removed"))
    }

    func channelActive(context: ChannelHandlerContext) {
        subscribe(context: context)
        context.fireChannelActive()
    }

    private func subscribe(context: ChannelHandlerContext) {
        guard confirmationTimer == nil else { return }
        var commands: [RedisCommand] = []
        if !channels.isEmpty { commands.append(RedisCommand("SUBSCRIBE", channels)) }
        if !patterns.isEmpty { commands.append(RedisCommand("PSUBSCRIBE", patterns)) }
        let timeout = confirmationTimeout
        confirmationTimer = context.eventLoop.assumeIsolated().scheduleTask(in: TimeAmount(timeout)) {
            guard !self.unconfirmed.isEmpty else { return }
            self.fail(.commandTimedOut, "SUBSCRIBE not confirmed within \(timeout)")
        }
        context.writeAndFlush(wrapOutboundOut(RedisCommandEncoder.encode(commands)), promise: nil)
        context.read()
    }

    /// The consumer drained its buffer: read again if reading was paused.
    func resumeReading() {
        guard readingPaused, let context else { return }
        readingPaused = false
        context.read()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        var messages: [RedisPubSubMessage] = []
        do {
            try parser.feed(unwrapInboundIn(data))
            while let reply = try parser.next() {
                guard handle(reply, into: &messages) else { return }
            }
        } catch {
            fail(.protocolViolation, error.description)
            return
        }
        guard !messages.isEmpty else { return }
        switch source.yield(contentsOf: messages) {
        case .produceMore: break
        case .stopProducing: readingPaused = true
        case .dropped: context.close(promise: nil)  // the consumer is gone
        }
    }

    func channelReadComplete(context: ChannelHandlerContext) {
        if !readingPaused { context.read() }
        context.fireChannelReadComplete()
    }

    func channelInactive(context: ChannelHandlerContext) {
        subscribed.fail(error(.connectionClosed, "the connection closed before SUBSCRIBE was confirmed"))
        confirmationTimer?.cancel()
        context.fireChannelInactive()
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        fail(.connectionClosed, "\(error)")
    }

    /// Reads one push from the server; false when the connection must close.
    private func handle(_ reply: RedisValue, into messages: inout [RedisPubSubMessage]) -> Bool {
        if case .error(let message) = reply {
            fail(.serverError, message)
            return false
        }
        guard let parts = reply.array, let kind = parts.first?.string else {
            fail(.protocolViolation, "unexpected reply on a subscription connection: \(reply)")
            return false
        }
        switch (kind.lowercased(), parts.count) {
        case ("message", 3):
            guard let channel = parts[1].string, let payload = parts[2].bytes else { break }
            messages.append(RedisPubSubMessage(channel: channel, pattern: nil, payload: payload))
            return true
        case ("pmessage", 4):
            guard let pattern = parts[1].string, let channel = parts[2].string, let payload = parts[3].bytes else {
                break
            }
            messages.append(RedisPubSubMessage(channel: channel, pattern: pattern, payload: payload))
            return true
        case ("subscribe", 3), ("psubscribe", 3):
            let prefix = kind.lowercased() == "subscribe" ? "channel:" : "pattern:"
            unconfirmed.remove(prefix + (parts[1].string ?? ""))
            if unconfirmed.isEmpty {
                confirmationTimer?.cancel()
                subscribed.succeed()
            }
            return true
        case ("pong", _), ("unsubscribe", _), ("punsubscribe", _):
            return true
        default:
            break
        }
        fail(.protocolViolation, "unexpected push on a subscription connection: \(reply)")
        return false
    }

    private func fail(_ kind: RedisError.Kind, _ message: String) {
        subscribed.fail(error(kind, message))
        context?.close(promise: nil)
    }

    private func error(_ kind: RedisError.Kind, _ message: String) -> RedisError {
        RedisError(kind, endpoint: endpoint, command: "SUBSCRIBE", message: message)
    }
}
