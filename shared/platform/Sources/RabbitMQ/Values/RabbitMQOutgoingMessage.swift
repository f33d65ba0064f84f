/// A message to publish: where it goes, its id, its properties and its body.
///
/// The publisher always sends it persistent (delivery mode 2) and with the `mandatory` flag unless
/// told otherwise, so that a message no queue takes comes back as an error instead of vanishing.
public struct RabbitMQOutgoingMessage: Sendable {
    public var exchange: String
    public var routingKey: String
    /// Names this message in every error about it; consumers deduplicate on it.
    public var messageID: String
    public var body: [UInt8]
    /// Further properties; `messageID` and `deliveryMode` here are overridden by the fields above.
    public var properties: RabbitMQMessageProperties
    public var deliveryMode: RabbitMQMessageProperties.DeliveryMode
    /// When set, a message no queue is bound to receive is returned by the broker and its
    /// publish fails with ``RabbitMQError/Kind/returnedUnroutable``.
    public var mandatory: Bool

    public init(
        exchange: String, routingKey: String, messageID: String, body: [UInt8],
        properties: RabbitMQMessageProperties = RabbitMQMessageProperties(),
        deliveryMode: RabbitMQMessageProperties.DeliveryMode = .persistent, mandatory: Bool = true
    ) {
        self.exchange = exchange
        self.routingKey = routingKey
        self.messageID = messageID
        self.body = body
        self.properties = properties
        self.deliveryMode = deliveryMode
        self.mandatory = mandatory
    }

    /// Sends `properties` unchanged (a dead-letter copy keeps the original's, even without a
    /// message id); only a missing delivery mode is filled in.
    var keepsProperties = false

    /// The properties as they go on the wire: `properties` with the message id and delivery mode set.
    var wireProperties: RabbitMQMessageProperties {
        var wire = properties
        if keepsProperties {
            if wire.deliveryMode == nil { wire.deliveryMode = deliveryMode }
            return wire
        }
        wire.messageID = messageID
        wire.deliveryMode = deliveryMode
        return wire
    }
}
