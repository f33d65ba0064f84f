import Logging
import NIOCore
import NIOPosix
import ServiceKit
import Synchronization

/// Keeps one subscription connected: opens the connection, waits for the subscriptions to be
/// confirmed, and after the connection drops opens a new one with backoff, until the consumer
/// stops or the subscription is finished.
final class SubscriptionSupervisor: Sendable {
    typealias Source = SubscriptionHandler.Source

    private let settings: RedisSubscriber
    private let channels: [String]
    private let patterns: [String]
    private let source: Source
    private let demand: SubscriptionReadDemand
    private let onResubscribed: @Sendable () -> Void

    private struct State {
        var channel: (any Channel)?
        var reconnecting: Task<Void, Never>?
        var stopped = false
    }

    private let state = Mutex(State())

    init(
        settings: RedisSubscriber, channels: [String], patterns: [String], source: Source,
        demand: SubscriptionReadDemand, onResubscribed: @escaping @Sendable () -> Void
    ) {
        self.settings = settings
        self.channels = channels
        self.patterns = patterns
        self.source = source
        self.demand = demand
        self.onResubscribed = onResubscribed
    }

    /// Connects and subscribes; throws when the first connection or its SUBSCRIBE fails.
    func start() async throws {
        let channel = try await connectAndSubscribe()
        let task = Task { await self.keepConnected(after: channel) }
        let stoppedMeanwhile = state.withLock { state -> Bool in
            state.reconnecting = task
            return state.stopped
        }
        if stoppedMeanwhile { task.cancel() }
        demand.whenTerminated { self.stop() }
    }

    /// The consumer finished or went away: close the connection and stop reconnecting.
    func stop() {
        let (channel, task) = state.withLock { state in
            state.stopped = true
            return (state.channel, state.reconnecting)
        }
        task?.cancel()
        channel?.close(promise: nil)
    }

    /// Ends the sequence after the buffered messages, then stops.
    func finish() {
        source.finish()
        stop()
    }

    private func keepConnected(after first: any Channel) async {
        var channel = first
        while true {
            try? await channel.closeFuture.get()
            guard !isStopped else { return }
            settings.logger.warning(
                "redis subscription connection lost; resubscribing",
                metadata: ["endpoint": "\(settings.configuration.endpoint)"])
            guard let next = await reconnect() else { return }
            channel = next
            settings.logger.info(
                "redis subscription resubscribed", metadata: ["endpoint": "\(settings.configuration.endpoint)"])
            onResubscribed()
        }
    }

    /// Tries to connect and subscribe with exponential backoff until it works or the subscription stops.
    private func reconnect() async -> (any Channel)? {
        var delay = settings.reconnectDelay.initial
        while !isStopped {
            do {
                try await Task.sleep(for: delay)
                return try await connectAndSubscribe()
            } catch is CancellationError {
                return nil
            } catch {
                settings.logger.debug("redis subscription reconnect failed", metadata: ["error": "\(error)"])
                delay = min(delay * 2, settings.reconnectDelay.maximum)
            }
        }
        return nil
    }

    private var isStopped: Bool { state.withLock { $0.stopped } || Task.isCancelled }

    private func connectAndSubscribe() async throws -> any Channel {
        let configuration = settings.configuration
        let endpoint = configuration.endpoint
        let eventLoop = settings.eventLoopGroup.next()
        let (channels, patterns, source, demand) = (self.channels, self.patterns, self.source, self.demand)
        let channel = try await ClientBootstrap(group: eventLoop)
            .connectTimeout(TimeAmount(configuration.connectTimeout))
            .channelOption(.autoRead, value: false)
            .channelOption(.socketOption(.tcp_nodelay), value: 1)
            .channelOption(.socketOption(.so_keepalive), value: 1)
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    let handler = SubscriptionHandler(
                        endpoint: endpoint, channels: channels, patterns: patterns, source: source,
                        confirmationTimeout: configuration.commandTimeout, eventLoop: channel.eventLoop)
                    try channel.pipeline.syncOperations.addHandler(handler)
                    // From now on the consumer's demand resumes this connection's reads.
                    demand.attach(NIOLoopBound(handler, eventLoop: channel.eventLoop))
                }
            }
            .connect(host: endpoint.host, port: endpoint.port)
            .flatMapErrorThrowing { error in
                throw RedisError(.connectFailed, endpoint: endpoint, command: "SUBSCRIBE", message: "\(error)")
            }
            .get()
        do {
            try await channel.eventLoop.flatSubmit {
                channel.pipeline.handler(type: SubscriptionHandler.self).flatMap { $0.subscribed.futureResult }
            }.get()
        } catch {
            try? await channel.close()
            throw error
        }
        let keep = state.withLock { state -> Bool in
            guard !state.stopped else { return false }
            state.channel = channel
            return true
        }
        if !keep { try? await channel.close() }
        return channel
    }
}
