import CRabbitMQ
import Glibc

/// Reading frames without blocking: the connection thread polls the socket itself, so that it
/// can also wake up for commands, and then takes every frame that arrived.
extension AMQPSession {
    /// The next frame, or nil when none is complete yet. Also sends a heartbeat when one is due.
    func nextFrame() throws(RabbitMQError) -> IncomingFrame? {
        let state = try liveState("read from the socket")
        var frame = amqp_frame_t()
        var immediately = timeval(tv_sec: 0, tv_usec: 0)
        let status = amqp_simple_wait_frame_noblock(state, &frame, &immediately)
        if status == AMQP_STATUS_TIMEOUT.rawValue { return nil }
        try check(status, "read from the socket")
        defer { amqp_maybe_release_buffers_on_channel(state, frame.channel) }
        return IncomingFrame(frame)
    }
}

extension IncomingFrame {
    fileprivate init(_ frame: amqp_frame_t) {
        let channel = frame.channel
        switch Int32(frame.frame_type) {
        case AMQP_FRAME_METHOD:
            self = IncomingFrame(method: frame.payload.method, channel: channel)
        case AMQP_FRAME_HEADER:
            let header = frame.payload.properties
            guard let decoded = header.decoded else {
                self = .contentHeader(channel: channel, properties: .init(), bodySize: Int(header.body_size))
                return
            }
            let properties = decoded.assumingMemoryBound(to: amqp_basic_properties_t.self).pointee
            self = .contentHeader(
                channel: channel, properties: RabbitMQMessageProperties(properties), bodySize: Int(header.body_size))
        case AMQP_FRAME_BODY:
            self = .contentBody(channel: channel, bytes: [UInt8](amqpBytes: frame.payload.body_fragment))
        default:
            self = .ignored
        }
    }

    private init(method: amqp_method_t, channel: UInt16) {
        guard let decoded = method.decoded else {
            self = .ignored
            return
        }
        func fields<T>(_: T.Type) -> T { decoded.assumingMemoryBound(to: T.self).pointee }
        switch method.id {
        case CRABBITMQ_BASIC_ACK:
            let ack = fields(amqp_basic_ack_t.self)
            self = .ack(channel: channel, deliveryTag: ack.delivery_tag, multiple: ack.multiple != 0)
        case CRABBITMQ_BASIC_NACK:
            let nack = fields(amqp_basic_nack_t.self)
            self = .nack(channel: channel, deliveryTag: nack.delivery_tag, multiple: nack.multiple != 0)
        case CRABBITMQ_BASIC_DELIVER:
            let deliver = fields(amqp_basic_deliver_t.self)
            self = .deliver(
                channel: channel,
                Deliver(
                    deliveryTag: deliver.delivery_tag,
                    redelivered: deliver.redelivered != 0, exchange: String(amqpBytes: deliver.exchange),
                    routingKey: String(amqpBytes: deliver.routing_key)))
        case CRABBITMQ_BASIC_RETURN:
            let returned = fields(amqp_basic_return_t.self)
            self = .returned(
                channel: channel,
                Return(
                    replyCode: returned.reply_code, replyText: String(amqpBytes: returned.reply_text),
                    exchange: String(amqpBytes: returned.exchange), routingKey: String(amqpBytes: returned.routing_key))
            )
        case CRABBITMQ_CHANNEL_CLOSE:
            let close = fields(amqp_channel_close_t.self)
            self = .channelClosed(channel: channel, code: close.reply_code, text: String(amqpBytes: close.reply_text))
        case CRABBITMQ_CONNECTION_CLOSE:
            let close = fields(amqp_connection_close_t.self)
            self = .connectionClosed(code: close.reply_code, text: String(amqpBytes: close.reply_text))
        case CRABBITMQ_BASIC_CANCEL:
            let cancel = fields(amqp_basic_cancel_t.self)
            self = .consumerCancelled(channel: channel, consumerTag: String(amqpBytes: cancel.consumer_tag))
        case CRABBITMQ_BASIC_CANCEL_OK:
            self = .consumerCancelConfirmed(channel: channel)
        case CRABBITMQ_CONNECTION_BLOCKED:
            self = .blocked(reason: String(amqpBytes: fields(amqp_connection_blocked_t.self).reason))
        case CRABBITMQ_CONNECTION_UNBLOCKED:
            self = .unblocked
        default:
            self = .ignored
        }
    }
}
