/// An offset commit that did not happen, per partition. Nothing listed here was committed; the
/// records after the last committed offset will be delivered again (to this or another consumer).
public struct KafkaCommitError: Error, CustomStringConvertible {
    public struct Failure: Sendable, CustomStringConvertible {
        public let partition: KafkaTopicPartition
        /// The offset that was to be committed: the next one to read.
        public let offset: Int64
        public let code: KafkaErrorCode?
        public let reason: String

        public var description: String { "\(partition)@\(offset): \(reason)" }
    }

    public let groupID: String
    public let failures: [Failure]

    public init(groupID: String, failures: [Failure]) {
        self.groupID = groupID
        self.failures = failures
    }

    public var description: String {
        "commit for group '\(groupID)' failed: " + failures.map(\.description).joined(separator: "; ")
    }
}
