/// Puts messages together from the frames that carry them: a basic.deliver or basic.return
/// method, then a content header with the properties and body size, then body frames until the
/// body is complete. Each channel is assembled on its own (frames of one message are never
/// interleaved with other frames of the same channel). Confined to the connection thread.
struct ContentAssembler<Method> {
    struct Message {
        let channel: UInt16
        let method: Method
        let properties: RabbitMQMessageProperties
        let body: [UInt8]
    }

    private struct InProgress {
        let method: Method
        var properties: RabbitMQMessageProperties?
        var expectedSize = 0
        var body: [UInt8] = []
    }

    private var inProgress: [UInt16: InProgress] = [:]

    /// A method that carries content arrived on `channel`.
    mutating func begin(_ method: Method, on channel: UInt16) {
        inProgress[channel] = InProgress(method: method)
    }

    /// A content header arrived; a message with an empty body is complete right away.
    /// (Entries are taken out of the dictionary while they change, so their body is never copied.)
    mutating func header(_ properties: RabbitMQMessageProperties, bodySize: Int, on channel: UInt16) -> Message? {
        guard var message = inProgress.removeValue(forKey: channel) else { return nil }
        message.properties = properties
        message.expectedSize = bodySize
        guard bodySize > 0 else {
            return Message(channel: channel, method: message.method, properties: properties, body: [])
        }
        inProgress[channel] = message
        return nil
    }

    /// A body frame arrived; returns the message once its body is complete.
    mutating func body(_ fragment: [UInt8], on channel: UInt16) -> Message? {
        guard var message = inProgress.removeValue(forKey: channel) else { return nil }
        guard let properties = message.properties else {
            inProgress[channel] = message
            return nil
        }
        // A body that fits one frame (the usual case) is taken as it is, without copying.
        if message.body.isEmpty, fragment.count >= message.expectedSize {
            message.body = fragment
        } else {
            message.body += fragment
        }
        guard message.body.count >= message.expectedSize else {
            inProgress[channel] = message
            return nil
        }
        return Message(channel: channel, method: message.method, properties: properties, body: message.body)
    }

    /// Drops a half-received message (its channel closed).
    mutating func discard(channel: UInt16) { inProgress[channel] = nil }

    mutating func discardAll() { inProgress.removeAll() }
}
