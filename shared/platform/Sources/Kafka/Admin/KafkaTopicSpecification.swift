/// A topic to create: its name, partition count, replication factor and topic-level settings
/// (e.g. `retention.ms`).
public struct KafkaTopicSpecification: Sendable, Hashable {
    public var name: String
    public var partitions: Int
    public var replicationFactor: Int
    public var settings: [String: String]

    public init(name: String, partitions: Int, replicationFactor: Int = 1, settings: [String: String] = [:]) {
        self.name = name
        self.partitions = partitions
        self.replicationFactor = replicationFactor
        self.settings = settings
    }
}
