import Logging
import NIOCore
import NIOPosix

/// Opens pub/sub subscriptions, each on a dedicated connection of its own (never a pool's: a
/// subscribed connection can do nothing else).
///
/// ```swift
/// let subscription = try await RedisSubscriber(configuration: config).subscribe(to: ["file-events"])
/// for await message in subscription { handle(message.channel, message.payload) }
/// ```
public struct RedisSubscriber: Sendable {
    /// How long to wait between reconnect attempts: `initial`, doubling up to `maximum`.
    public struct ReconnectDelay: Sendable, Hashable {
        public var initial: Duration
        public var maximum: Duration
        public init(initial: Duration = .milliseconds(50), maximum: Duration = .seconds(2)) {
            self.initial = initial
            self.maximum = maximum
        }
    }

    /// The server, and the connect timeout; the command timeout bounds the wait for the server to
    /// confirm SUBSCRIBE. The pool size is not used.
    public let configuration: RedisClientConfiguration
    /// Messages a subscription holds for a slow consumer before it stops reading from the socket.
    public let bufferSize: Int
    public let reconnectDelay: ReconnectDelay
    let eventLoopGroup: any EventLoopGroup
    let logger: Logger

    public init(
        configuration: RedisClientConfiguration, bufferSize: Int = 1024, reconnectDelay: ReconnectDelay = .init(),
        eventLoopGroup: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton,
        logger: Logger = Logger(label: "redis.subscriber")
    ) {
        precondition(bufferSize >= 2, "a subscription buffer holds at least 2 messages")
        self.configuration = configuration
        self.bufferSize = bufferSize
        self.reconnectDelay = reconnectDelay
        self.eventLoopGroup = eventLoopGroup
        self.logger = logger
    }

    /// Subscribes to `channels` (SUBSCRIBE) and `patterns` (PSUBSCRIBE, glob-style like `user:*`)
    /// and returns once the server confirmed every one, so anything published after this returns
    /// is delivered. Throws a ``RedisError`` when the first connection or subscription fails.
    ///
    /// `onResubscribed` runs each time the subscription is confirmed again after a lost connection:
    /// what was published meanwhile is lost, and a consumer that must not miss a state reads it
    /// from its source of truth then (anything published after the call is delivered).
    public func subscribe(
        to channels: [String], patterns: [String] = [], onResubscribed: @escaping @Sendable () -> Void = {}
    ) async throws -> RedisSubscription {
        precondition(!channels.isEmpty || !patterns.isEmpty, "subscribe to at least one channel or pattern")
        let demand = SubscriptionReadDemand()
        let produced = RedisSubscription.Messages.makeSequence(
            backPressureStrategy: .init(lowWatermark: bufferSize / 2, highWatermark: bufferSize),
            finishOnDeinit: false, delegate: demand)
        let supervisor = SubscriptionSupervisor(
            settings: self, channels: channels, patterns: patterns, source: produced.source, demand: demand,
            onResubscribed: onResubscribed)
        do {
            try await supervisor.start()
        } catch {
            produced.source.finish()
            throw error
        }
        return RedisSubscription(messages: produced.sequence, supervisor: supervisor)
    }
}
