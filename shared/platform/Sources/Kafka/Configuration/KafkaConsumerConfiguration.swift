import ServiceKit

/// How a ``KafkaConsumer`` joins its group. Every consumer runs with `enable.auto.commit=false` and
/// `enable.auto.offset.store=false` whatever is configured here: an offset is committed only when
/// the application commits the record it processed.
public struct KafkaConsumerConfiguration: Sendable {
    /// Where a group starts reading a partition it has no committed offset for.
    public enum OffsetReset: String, Sendable {
        /// From the oldest record kept: nothing produced before the group's first start is skipped.
        case earliest
        /// Only records produced after the group joined.
        case latest
        /// Fail instead of guessing.
        case error
    }

    /// How partitions move between members on a rebalance.
    public enum RebalanceProtocol: String, Sendable {
        /// Every member gives up all its partitions, then gets a new set (`range,roundrobin`).
        case eager
        /// Only the partitions that move are revoked (`cooperative-sticky`).
        case cooperative
    }

    public var brokers: [HostPort]
    public var groupID: String
    public var topics: [String]
    public var clientID: String = "tributary-consumer"
    public var offsetReset: OffsetReset = .earliest
    /// How long the group waits for a silent member before moving its partitions
    /// (`session.timeout.ms`; the heartbeat runs at a third of it). The local test broker takes
    /// about half of it to let a member join, so tests use 6 s or less.
    public var sessionTimeout: Duration = .seconds(10)
    public var rebalanceProtocol: RebalanceProtocol = .eager
    /// Records fetched ahead of the application. When this many wait, fetching pauses until the
    /// application has taken half of them (records already on their way are still kept), while the
    /// consumer stays in its group.
    public var bufferCapacity: Int = 1_000
    /// On graceful shutdown, how long to wait for the application to commit the records it was
    /// given before leaving the group (what it did not commit is delivered again later).
    public var shutdownCommitGracePeriod: Duration = .seconds(10)
    /// Any other librdkafka property.
    public var additionalProperties: [String: String] = [:]

    public init(brokers: [HostPort], groupID: String, topics: [String]) {
        self.brokers = brokers
        self.groupID = groupID
        self.topics = topics
    }

    public init(_ kafka: KafkaConfig, groupID: String, topics: [String]) {
        self.init(brokers: kafka.brokers, groupID: groupID, topics: topics)
    }

    static let guaranteedProperties = ["enable.auto.commit": "false", "enable.auto.offset.store": "false"]

    /// The librdkafka properties this configuration stands for.
    public func properties() throws(KafkaConfigurationError) -> [String: String] {
        guard !groupID.isEmpty else {
            throw KafkaConfigurationError(property: "group.id", value: groupID, reason: "must not be empty")
        }
        guard bufferCapacity >= 2 else {
            throw KafkaConfigurationError(
                property: "bufferCapacity", value: String(bufferCapacity), reason: "must be at least 2")
        }
        let sessionMilliseconds = sessionTimeout.wholeMilliseconds
        let derived = [
            "bootstrap.servers": KafkaProperties.bootstrapServers(brokers),
            "client.id": clientID,
            "group.id": groupID,
            "auto.offset.reset": offsetReset.rawValue,
            "session.timeout.ms": String(sessionMilliseconds),
            "heartbeat.interval.ms": String(max(sessionMilliseconds / 3, 1)),
            "partition.assignment.strategy": rebalanceProtocol == .eager ? "range,roundrobin" : "cooperative-sticky",
            "enable.partition.eof": "false",
        ]
        return try KafkaProperties.merge(
            derived: derived, additional: additionalProperties, guaranteed: Self.guaranteedProperties)
    }
}
