/// A frame from the broker, copied out of rabbitmq-c's memory into Swift values.
enum IncomingFrame {
    struct Deliver {
        let deliveryTag: UInt64
        let redelivered: Bool
        let exchange: String
        let routingKey: String
    }

    struct Return {
        let replyCode: UInt16
        let replyText: String
        let exchange: String
        let routingKey: String
    }

    /// basic.deliver: a content header and body frames follow on the same channel.
    case deliver(channel: UInt16, Deliver)
    /// basic.return of a mandatory publish no queue took: content frames follow too.
    case returned(channel: UInt16, Return)
    /// Publisher confirm: the broker took responsibility for the message(s).
    case ack(channel: UInt16, deliveryTag: UInt64, multiple: Bool)
    /// Publisher confirm: the broker could not take the message(s).
    case nack(channel: UInt16, deliveryTag: UInt64, multiple: Bool)
    case contentHeader(channel: UInt16, properties: RabbitMQMessageProperties, bodySize: Int)
    case contentBody(channel: UInt16, bytes: [UInt8])
    case channelClosed(channel: UInt16, code: UInt16, text: String)
    case connectionClosed(code: UInt16, text: String)
    /// The broker cancelled a consumer (its queue was deleted).
    case consumerCancelled(channel: UInt16, consumerTag: String)
    /// The broker confirmed our basic.cancel: no delivery for that consumer follows.
    case consumerCancelConfirmed(channel: UInt16)
    case blocked(reason: String)
    case unblocked
    /// Anything else (replies to calls made without waiting, which need no action).
    case ignored
}
