/// A configuration property librdkafka rejected, or one that would break a guarantee of this module
/// (e.g. turning off idempotence or enabling auto-commit).
public struct KafkaConfigurationError: Error, CustomStringConvertible {
    public let property: String
    public let value: String
    public let reason: String

    public init(property: String, value: String, reason: String) {
        self.property = property
        self.value = value
        self.reason = reason
    }

    public var description: String { "kafka property \(property)=\(value): \(reason)" }
}
