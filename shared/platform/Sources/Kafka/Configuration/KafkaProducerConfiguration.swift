import ServiceKit

/// How a ``KafkaProducer`` connects and batches. Every producer runs with `acks=all` and
/// `enable.idempotence=true` whatever is configured here: a record counts as sent only when every
/// in-sync replica has it, and librdkafka's retries never duplicate or reorder records.
public struct KafkaProducerConfiguration: Sendable {
    public var brokers: [HostPort]
    public var clientID: String = "tributary-producer"
    /// How long librdkafka waits to fill a batch (`linger.ms`): more throughput, more latency.
    public var linger: Duration = .milliseconds(5)
    /// The largest batch per partition in bytes (`batch.size`).
    public var batchSizeBytes: Int = 1_000_000
    /// Records enqueued but not yet acknowledged (`queue.buffering.max.messages`); a `send` past it
    /// waits for room without blocking a thread.
    public var maxQueuedMessages: Int = 100_000
    /// How long a record may take to be acknowledged, retries included (`message.timeout.ms`);
    /// past it `send` throws ``KafkaDeliveryError`` with `_MSG_TIMED_OUT`. It also bounds the
    /// wait for room in a full queue.
    public var messageTimeout: Duration = .seconds(30)
    /// How long closing waits for records in flight to be acknowledged before failing them.
    public var flushTimeout: Duration = .seconds(10)
    /// Any other librdkafka property (https://github.com/confluentinc/librdkafka/blob/master/CONFIGURATION.md).
    public var additionalProperties: [String: String] = [:]

    public init(brokers: [HostPort]) { self.brokers = brokers }

    public init(_ kafka: KafkaConfig) { self.init(brokers: kafka.brokers) }

    static let guaranteedProperties = ["acks": "all", "enable.idempotence": "true"]

    /// The librdkafka properties this configuration stands for.
    public func properties() throws(KafkaConfigurationError) -> [String: String] {
        let derived = [
            "bootstrap.servers": KafkaProperties.bootstrapServers(brokers),
            "client.id": clientID,
            "linger.ms": KafkaProperties.milliseconds(linger),
            "batch.size": String(batchSizeBytes),
            "queue.buffering.max.messages": String(maxQueuedMessages),
            "message.timeout.ms": KafkaProperties.milliseconds(messageTimeout),
        ]
        return try KafkaProperties.merge(
            derived: derived, additional: additionalProperties, guaranteed: Self.guaranteedProperties)
    }
}
