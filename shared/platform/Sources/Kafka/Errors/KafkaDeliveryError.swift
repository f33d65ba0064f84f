/// A record the broker did not acknowledge: the error librdkafka reported in its delivery report
/// (or when enqueueing it), with the record's topic, partition and key so the caller can act on it.
public struct KafkaDeliveryError: Error, CustomStringConvertible {
    public let topic: String
    /// `nil` when no partition was chosen yet (the topic's metadata was never known).
    public let partition: Int32?
    public let key: [UInt8]?
    public let code: KafkaErrorCode
    /// librdkafka's error string for this record, e.g. "Broker: Invalid topic".
    public let reason: String

    public init(topic: String, partition: Int32?, key: [UInt8]?, code: KafkaErrorCode, reason: String) {
        self.topic = topic
        self.partition = partition
        self.key = key
        self.code = code
        self.reason = reason
    }

    public var description: String {
        let keyText = key.map { " key \"\(String(decoding: $0, as: UTF8.self))\"" } ?? " without key"
        let partitionText = partition.map { " partition \($0)" } ?? " (no partition assigned)"
        return "delivery to topic '\(topic)'\(partitionText),\(keyText) failed: \(reason) [\(code.name)]"
    }
}
