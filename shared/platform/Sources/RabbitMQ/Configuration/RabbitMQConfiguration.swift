import ServiceKit

/// How a ``RabbitMQConnection`` connects, how it notices a dead broker, and how it reconnects.
public struct RabbitMQConfiguration: Sendable {
    /// Where the broker is and how to log in (from `AMQP_URL`).
    public var amqp: AMQPConfig
    /// Shown in the management UI's connection list, so an operator can tell who is connected.
    public var connectionName: String
    /// Negotiated with the broker; both sides send a heartbeat frame when idle for half of it, and
    /// a peer silent for twice this long is considered dead. 0 turns heartbeats off.
    public var heartbeat: Duration
    /// Limit for opening the TCP connection and for the AMQP handshake.
    public var connectTimeout: Duration
    /// Limit for each synchronous AMQP call (declare, qos, consume, close).
    public var rpcTimeout: Duration
    /// First delay before reconnecting; it doubles after each failed attempt up to `maximumReconnectDelay`.
    public var initialReconnectDelay: Duration
    public var maximumReconnectDelay: Duration
    /// The most publishes sent but not yet confirmed; a publish beyond it waits for a slot, which
    /// bounds memory whatever the callers do.
    public var maximumInFlightPublishes: Int
    /// How long a publish waits for a connection (at start, or while reconnecting) before failing
    /// with ``RabbitMQError/Kind/notConnected``.
    public var publishWaitForConnection: Duration
    /// How long a cancelled consumer (on graceful shutdown: every consumer) keeps its channel open
    /// for the deliveries handed out to be settled; then the unsettled ones go back to the queue.
    /// Publishes are not bound by it: graceful shutdown carries out every publish call made
    /// before it, whole.
    public var shutdownDrainTimeout: Duration

    public init(
        amqp: AMQPConfig, connectionName: String = "tributary", heartbeat: Duration = .seconds(10),
        connectTimeout: Duration = .seconds(5), rpcTimeout: Duration = .seconds(10),
        initialReconnectDelay: Duration = .milliseconds(100), maximumReconnectDelay: Duration = .seconds(5),
        maximumInFlightPublishes: Int = 5_000, publishWaitForConnection: Duration = .seconds(10),
        shutdownDrainTimeout: Duration = .seconds(10)
    ) {
        self.amqp = amqp
        self.connectionName = connectionName
        self.heartbeat = heartbeat
        self.connectTimeout = connectTimeout
        self.rpcTimeout = rpcTimeout
        self.initialReconnectDelay = initialReconnectDelay
        self.maximumReconnectDelay = maximumReconnectDelay
        self.maximumInFlightPublishes = max(1, maximumInFlightPublishes)
        self.publishWaitForConnection = publishWaitForConnection
        self.shutdownDrainTimeout = shutdownDrainTimeout
    }

    /// `host:port`, as errors name the broker.
    var brokerName: String { "\(amqp.endpoint.host):\(amqp.endpoint.port)" }
}
