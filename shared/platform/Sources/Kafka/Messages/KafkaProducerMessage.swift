/// A record to produce. The producer copies key, value and headers when it enqueues the record, so
/// the value may be released as soon as `send` returns.
public struct KafkaProducerMessage: Sendable {
    public var topic: String
    /// `nil` lets librdkafka's partitioner choose: records with the same key go to the same
    /// partition, which is what keeps them in order.
    public var partition: Int32?
    public var key: [UInt8]?
    /// An empty value is sent as Kafka's null value and is read back as an empty one.
    public var value: [UInt8]
    public var headers: [KafkaHeader]

    public init(
        topic: String, partition: Int32? = nil, key: [UInt8]? = nil, value: [UInt8], headers: [KafkaHeader] = []
    ) {
        self.topic = topic
        self.partition = partition
        self.key = key
        self.value = value
        self.headers = headers
    }

    public init(topic: String, key: String?, value: String, headers: [KafkaHeader] = []) {
        self.init(topic: topic, key: key.map { Array($0.utf8) }, value: Array(value.utf8), headers: headers)
    }
}
