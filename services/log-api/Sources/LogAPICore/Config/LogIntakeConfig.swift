import ServiceKit

/// Where `POST /log` and `POST /logs` queue records, and the limits they enforce.
///
/// Each variable has a documented default (README, "log-api"):
/// - `LOG_INGEST_EXCHANGE` (`logs`): the direct exchange records are published to;
/// - `LOG_INGEST_QUEUE` (`logs.ingest`): the work queue, also the routing key; its dead letters go
///   to `<queue>.dead`;
/// - `LOG_MAX_BODY_BYTES` (5 MiB): the largest request body; a larger one gets 413;
/// - `LOG_MAX_RECORDS` (10,000): the most records in one `POST /logs`; more get 413;
/// - `LOG_MESSAGE_MAX_RECORDS` (500): the most records in one queued message;
/// - `LOG_MESSAGES_IN_FLIGHT` (2): the most messages of `POST /log` records awaiting their confirms
///   at once; records that arrive meanwhile share the next message (``LogRecordCoalescer``);
/// - `LOG_PUBLISH_TIMEOUT_MS` (5000): how long a request waits for the broker's confirms
///   (including for a connection) before it gets 503;
/// - `LOG_AMQP_CONNECTIONS` (1): publishing connections, used in turn.
public struct LogIntakeConfig: Sendable, Equatable {
    public static let defaultMaxBodyBytes = 5 * 1024 * 1024

    public var exchange: String
    /// The work queue; also the routing key, as log-worker binds it.
    public var queue: String
    public var maxBodyBytes: Int
    public var maxRecords: Int
    public var messageMaxRecords: Int
    public var messagesInFlight: Int
    public var publishTimeout: Duration
    public var connections: Int

    public init(
        exchange: String = "logs", queue: String = "logs.ingest", maxBodyBytes: Int = Self.defaultMaxBodyBytes,
        maxRecords: Int = 10_000, messageMaxRecords: Int = 500, messagesInFlight: Int = 2,
        publishTimeout: Duration = .milliseconds(5000), connections: Int = 1
    ) {
        self.exchange = exchange
        self.queue = queue
        self.maxBodyBytes = maxBodyBytes
        self.maxRecords = maxRecords
        self.messageMaxRecords = messageMaxRecords
        self.messagesInFlight = messagesInFlight
        self.publishTimeout = publishTimeout
        self.connections = connections
    }

    public init(environment: EnvironmentReader) throws(ConfigurationError) {
        self.init(
            exchange: environment.string("LOG_INGEST_EXCHANGE", default: "logs"),
            queue: environment.string("LOG_INGEST_QUEUE", default: "logs.ingest"),
            maxBodyBytes: try environment.int(
                "LOG_MAX_BODY_BYTES", default: Self.defaultMaxBodyBytes, in: 1...1_073_741_824),
            maxRecords: try environment.int("LOG_MAX_RECORDS", default: 10_000, in: 1...1_000_000),
            messageMaxRecords: try environment.int("LOG_MESSAGE_MAX_RECORDS", default: 500, in: 1...100_000),
            messagesInFlight: try environment.int("LOG_MESSAGES_IN_FLIGHT", default: 2, in: 1...10_000),
            publishTimeout: try environment.milliseconds(
                "LOG_PUBLISH_TIMEOUT_MS", default: .milliseconds(5000), in: 1...600_000),
            connections: try environment.int("LOG_AMQP_CONNECTIONS", default: 1, in: 1...64))
    }
}
