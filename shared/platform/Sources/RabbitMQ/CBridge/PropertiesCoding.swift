import CRabbitMQ

extension ScratchPool {
    /// `properties` as rabbitmq-c's `amqp_basic_properties_t`, valid until the pool is recycled.
    func basicProperties(_ properties: RabbitMQMessageProperties) -> amqp_basic_properties_t {
        var encoded = amqp_basic_properties_t()
        var flags: amqp_flags_t = 0
        func text(
            _ value: String?, _ flag: amqp_flags_t, _ field: WritableKeyPath<amqp_basic_properties_t, amqp_bytes_t>
        ) {
            guard let value else { return }
            encoded[keyPath: field] = bytes(value)
            flags |= flag
        }
        text(properties.contentType, CRABBITMQ_CONTENT_TYPE_FLAG, \.content_type)
        text(properties.contentEncoding, CRABBITMQ_CONTENT_ENCODING_FLAG, \.content_encoding)
        text(properties.correlationID, CRABBITMQ_CORRELATION_ID_FLAG, \.correlation_id)
        text(properties.replyTo, CRABBITMQ_REPLY_TO_FLAG, \.reply_to)
        text(properties.expiration, CRABBITMQ_EXPIRATION_FLAG, \.expiration)
        text(properties.messageID, CRABBITMQ_MESSAGE_ID_FLAG, \.message_id)
        text(properties.type, CRABBITMQ_TYPE_FLAG, \.type)
        text(properties.userID, CRABBITMQ_USER_ID_FLAG, \.user_id)
        text(properties.appID, CRABBITMQ_APP_ID_FLAG, \.app_id)
        if !properties.headers.isEmpty {
            encoded.headers = table(properties.headers)
            flags |= CRABBITMQ_HEADERS_FLAG
        }
        if let mode = properties.deliveryMode {
            encoded.delivery_mode = mode.rawValue
            flags |= CRABBITMQ_DELIVERY_MODE_FLAG
        }
        if let priority = properties.priority {
            encoded.priority = priority
            flags |= CRABBITMQ_PRIORITY_FLAG
        }
        if let timestamp = properties.timestamp {
            encoded.timestamp = timestamp
            flags |= CRABBITMQ_TIMESTAMP_FLAG
        }
        encoded._flags = flags
        return encoded
    }
}

extension RabbitMQMessageProperties {
    /// A Swift copy of the properties of a content header rabbitmq-c decoded.
    init(_ decoded: amqp_basic_properties_t) {
        let flags = decoded._flags
        func text(_ flag: amqp_flags_t, _ value: amqp_bytes_t) -> String? {
            flags & flag != 0 ? String(amqpBytes: value) : nil
        }
        self.init(
            messageID: text(CRABBITMQ_MESSAGE_ID_FLAG, decoded.message_id),
            contentType: text(CRABBITMQ_CONTENT_TYPE_FLAG, decoded.content_type),
            contentEncoding: text(CRABBITMQ_CONTENT_ENCODING_FLAG, decoded.content_encoding),
            headers: flags & CRABBITMQ_HEADERS_FLAG != 0 ? AMQPTable(decoded.headers) : [:],
            deliveryMode: flags & CRABBITMQ_DELIVERY_MODE_FLAG != 0
                ? DeliveryMode(rawValue: decoded.delivery_mode) : nil,
            priority: flags & CRABBITMQ_PRIORITY_FLAG != 0 ? decoded.priority : nil,
            correlationID: text(CRABBITMQ_CORRELATION_ID_FLAG, decoded.correlation_id),
            replyTo: text(CRABBITMQ_REPLY_TO_FLAG, decoded.reply_to),
            expiration: text(CRABBITMQ_EXPIRATION_FLAG, decoded.expiration),
            timestamp: flags & CRABBITMQ_TIMESTAMP_FLAG != 0 ? decoded.timestamp : nil,
            type: text(CRABBITMQ_TYPE_FLAG, decoded.type),
            userID: text(CRABBITMQ_USER_ID_FLAG, decoded.user_id),
            appID: text(CRABBITMQ_APP_ID_FLAG, decoded.app_id))
    }
}
