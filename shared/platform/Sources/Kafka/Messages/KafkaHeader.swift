/// One record header. Kafka distinguishes a header without a value (`nil`) from an empty one, and
/// a record may carry the same name more than once; both survive a round trip.
public struct KafkaHeader: Sendable, Hashable {
    public var name: String
    public var value: [UInt8]?

    public init(name: String, value: [UInt8]?) {
        self.name = name
        self.value = value
    }

    public init(name: String, value: String) {
        self.init(name: name, value: Array(value.utf8))
    }
}
