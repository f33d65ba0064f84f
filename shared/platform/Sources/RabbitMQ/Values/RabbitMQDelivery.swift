/// A message the broker delivered to a consumer, not yet acknowledged.
///
/// Settle it exactly once through the consumer it came from (``RabbitMQConsumer/ack(_:multiple:)``,
/// ``RabbitMQConsumer/nack(_:multiple:requeue:)`` or ``RabbitMQConsumer/deadLetter(_:reason:)``).
/// A delivery belongs to the channel it arrived on: after a reconnect it can no longer be settled
/// (the broker redelivers it instead, with `redelivered` set).
public struct RabbitMQDelivery: Sendable {
    public let deliveryTag: UInt64
    /// Set when the broker delivered this message before (to this or another consumer) without an ack.
    public let redelivered: Bool
    public let exchange: String
    public let routingKey: String
    public let properties: RabbitMQMessageProperties
    public let body: [UInt8]
    /// The queue it was consumed from.
    public let queue: String
    /// Which opening of the consumer's channel delivered it; an ack must go to that same channel.
    let channelGeneration: UInt64

    public var messageID: String? { properties.messageID }
}
