/// The broker refused to create a topic (an existing topic is not an error).
public struct KafkaTopicCreationError: Error, CustomStringConvertible {
    public let topic: String
    public let code: KafkaErrorCode
    public let reason: String

    public init(topic: String, code: KafkaErrorCode, reason: String) {
        self.topic = topic
        self.code = code
        self.reason = reason
    }

    public var description: String { "creating topic '\(topic)' failed: \(reason) [\(code.name)]" }
}
