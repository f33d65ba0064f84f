import NIOCore
import ServiceKit

/// The protocol engine of one Redis connection, on its event loop: writes requests as they come
/// (pipelined: many can be in flight), decodes the byte stream with ``RedisReplyParser`` and
/// completes the waiting requests in the order they were written, which is the order Redis answers.
///
/// A request that outlives its deadline fails with `commandTimedOut` and closes the connection:
/// FIFO matching only works while every reply is accounted for. When the connection ends, every
/// request still waiting fails, so no caller waits forever.
final class RedisConnectionHandler: ChannelInboundHandler {
    typealias InboundIn = ByteBuffer
    typealias OutboundOut = ByteBuffer

    private let endpoint: HostPort
    /// Shared with the ``RedisConnection``: cleared before any request fails, so that the pool
    /// never hands out this connection again once a caller can see it failing.
    private let health: ConnectionHealth
    private let parser = RedisReplyParser()
    private var waiting = CircularBuffer<PendingReplies>(initialCapacity: 16)
    private var context: ChannelHandlerContext?
    /// Set once the connection is unusable; later requests fail with it at once.
    private var terminalError: RedisError?
    /// Close as soon as nothing is waiting (graceful shutdown).
    private var closeWhenIdle = false
    /// One timer watches the oldest waiting request; it is re-armed for the next one when it fires.
    private var deadlineTimer: Scheduled<Void>?

    init(endpoint: HostPort, health: ConnectionHealth) {
        self.endpoint = endpoint
        self.health = health
    }

    func handlerAdded(context: ChannelHandlerContext) {
        self.context = context
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        failAll(.connectionClosed, "the connection's handler was removed")
        self.context = nil
    }

    /// Writes `request` and queues it for its replies; called on the event loop.
    func send(_ request: RedisRequest) {
        guard let context, terminalError == nil, !closeWhenIdle else {
            var refusal = error(
                .connectionClosed, request.command, terminalError?.message ?? "the connection is closing")
            refusal.wasNeverSent = true
            request.fail(refusal)
            return
        }
        waiting.append(PendingReplies(request: request))
        armDeadlineTimer()
        context.writeAndFlush(wrapOutboundOut(request.payload), promise: nil)
    }

    /// Closes the connection once every waiting request has its replies.
    func closeGracefully() {
        health.markUnusable()
        closeWhenIdle = true
        if waiting.isEmpty { context?.close(promise: nil) }
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        do {
            try parser.feed(unwrapInboundIn(data))
            while let value = try parser.next() {
                guard !waiting.isEmpty else {
                    fail(.protocolViolation, "a reply arrived that no command asked for: \(value)", context: context)
                    return
                }
                // Taken out and put back rather than mutated in place: CircularBuffer's subscript
                // would copy the replies gathered so far on every reply, quadratic in a pipeline.
                var oldest = waiting.removeFirst()
                if !oldest.receive(value) { waiting.prepend(oldest) }
            }
        } catch {
            fail(.protocolViolation, error.description, context: context)
            return
        }
        if closeWhenIdle && waiting.isEmpty { context.close(promise: nil) }
    }

    func channelInactive(context: ChannelHandlerContext) {
        failAll(.connectionClosed, "the connection to \(endpoint) closed")
        context.fireChannelInactive()
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        fail(.connectionClosed, "\(error)", context: context)
    }

    // MARK: failures

    private func fail(_ kind: RedisError.Kind, _ message: String, context: ChannelHandlerContext) {
        failAll(kind, message)
        context.close(promise: nil)
    }

    /// Fails every waiting request and refuses new ones from now on.
    private func failAll(_ kind: RedisError.Kind, _ message: String) {
        health.markUnusable()
        if terminalError == nil { terminalError = error(kind, nil, message) }
        deadlineTimer?.cancel()
        deadlineTimer = nil
        while let pending = waiting.popFirst() {
            pending.request.fail(error(kind, pending.request.command, message))
        }
    }

    private func error(_ kind: RedisError.Kind, _ command: String?, _ message: String) -> RedisError {
        RedisError(kind, endpoint: endpoint, command: command, message: message)
    }

    // MARK: deadlines

    private func armDeadlineTimer() {
        guard deadlineTimer == nil, let oldest = waiting.first, let context else { return }
        deadlineTimer = context.eventLoop.assumeIsolated().scheduleTask(deadline: oldest.request.deadline) {
            self.deadlineTimer = nil
            self.checkDeadline()
        }
    }

    private func checkDeadline() {
        guard let oldest = waiting.first, let context else { return }
        guard oldest.request.deadline <= .now() else {
            armDeadlineTimer()
            return
        }
        let request = waiting.removeFirst().request
        fail(.connectionClosed, "closed after \(request.command) timed out", context: context)
        request.fail(error(.commandTimedOut, request.command, "no reply within \(request.timeout)"))
    }
}
