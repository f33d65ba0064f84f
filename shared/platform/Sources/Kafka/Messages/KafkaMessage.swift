import Foundation

/// A consumed record. Hand it back to ``KafkaConsumer/commit(_:)`` once it has been processed:
/// its offset is only committed then.
public struct KafkaMessage: Sendable, Hashable {
    public let topic: String
    public let partition: Int32
    public let offset: Int64
    public let key: [UInt8]?
    /// A null value (a tombstone) reads as an empty array.
    public let value: [UInt8]
    public let headers: [KafkaHeader]
    /// The record's timestamp (producer create time or broker append time), when it has one.
    public let timestamp: Date?

    public init(
        topic: String, partition: Int32, offset: Int64, key: [UInt8]?, value: [UInt8], headers: [KafkaHeader],
        timestamp: Date?
    ) {
        self.topic = topic
        self.partition = partition
        self.offset = offset
        self.key = key
        self.value = value
        self.headers = headers
        self.timestamp = timestamp
    }

    public var topicPartition: KafkaTopicPartition { KafkaTopicPartition(topic: topic, partition: partition) }

    /// The key as UTF-8 text, when there is a key.
    public var keyString: String? { key.map { String(decoding: $0, as: UTF8.self) } }

    /// The value as UTF-8 text.
    public var valueString: String { String(decoding: value, as: UTF8.self) }
}
