import CRabbitMQ

/// The channel-level calls: open and close, confirm mode, prefetch, consume and cancel.
extension AMQPSession {
    func openChannel(_ channel: UInt16) throws(RabbitMQError) {
        try rpc(.channelClosed, channel: channel, "channel.open \(channel)") { _ = amqp_channel_open($0, channel) }
    }

    /// Closes a channel politely; a failure only means the connection is going away too.
    func closeChannel(_ channel: UInt16) {
        guard let state = try? liveState("channel.close") else { return }
        _ = amqp_channel_close(state, channel, AMQP_REPLY_SUCCESS)
    }

    func selectConfirms(on channel: UInt16) throws(RabbitMQError) {
        try rpc(.channelClosed, channel: channel, "confirm.select on channel \(channel)") {
            _ = amqp_confirm_select($0, channel)
        }
    }

    func setPrefetch(_ count: UInt16, on channel: UInt16) throws(RabbitMQError) {
        try rpc(.channelClosed, channel: channel, "basic.qos prefetch \(count) on channel \(channel)") {
            _ = amqp_basic_qos($0, channel, 0, count, 0)
        }
    }

    func startConsuming(queue: String, tag: String, on channel: UInt16) throws(RabbitMQError) {
        let queueBytes = scratch.bytes(queue)
        let tagBytes = scratch.bytes(tag)
        try rpc(.channelClosed, channel: channel, "basic.consume from queue '\(queue)'") {
            _ = amqp_basic_consume($0, channel, queueBytes, tagBytes, 0, 0, 0, amqp_empty_table)
        }
    }

    /// The message and consumer counts of an existing queue (passive queue.declare).
    func inspectQueue(_ queue: String, on channel: UInt16) throws(RabbitMQError) -> RabbitMQQueueState {
        let name = scratch.bytes(queue)
        var counts = RabbitMQQueueState(messageCount: 0, consumerCount: 0)
        try rpc(.channelClosed, channel: channel, "queue.declare (passive) '\(queue)'") {
            if let ok = amqp_queue_declare($0, channel, name, 1, 0, 0, 0, amqp_empty_table) {
                counts = RabbitMQQueueState(
                    messageCount: Int(ok.pointee.message_count), consumerCount: Int(ok.pointee.consumer_count))
            }
        }
        return counts
    }

    /// Declares every exchange, queue and binding of `topology` on `channel`. A refusal by the
    /// broker is a ``RabbitMQError/Kind/topologyMismatch``.
    func declare(_ topology: Topology, on channel: UInt16) throws(RabbitMQError) {
        let (exchanges, queues, bindings) = topology.declarations
        for exchange in exchanges {
            let name = scratch.bytes(exchange.name)
            let kind = scratch.bytes(exchange.kind.rawValue)
            let arguments = scratch.table(exchange.arguments)
            try rpc(.topologyMismatch, channel: channel, "exchange.declare '\(exchange.name)' (\(exchange.kind))") {
                _ = amqp_exchange_declare(
                    $0, channel, name, kind, 0, exchange.durable ? 1 : 0, exchange.autoDelete ? 1 : 0, 0, arguments)
            }
        }
        for queue in queues {
            let name = scratch.bytes(queue.name)
            let arguments = scratch.table(queue.arguments)
            try rpc(.topologyMismatch, channel: channel, "queue.declare '\(queue.name)'") {
                _ = amqp_queue_declare(
                    $0, channel, name, 0, queue.durable ? 1 : 0, queue.exclusive ? 1 : 0, queue.autoDelete ? 1 : 0,
                    arguments)
            }
        }
        for binding in bindings {
            let queue = scratch.bytes(binding.queue)
            let exchange = scratch.bytes(binding.exchange)
            let key = scratch.bytes(binding.routingKey)
            let arguments = scratch.table(binding.arguments)
            try rpc(
                .topologyMismatch, channel: channel,
                "queue.bind '\(binding.queue)' to '\(binding.exchange)' with key '\(binding.routingKey)'"
            ) {
                _ = amqp_queue_bind($0, channel, queue, exchange, key, arguments)
            }
        }
    }
}

/// The calls that send without waiting for an answer: publish, ack, nack, cancel.
extension AMQPSession {
    func publish(_ message: RabbitMQOutgoingMessage, on channel: UInt16) throws(RabbitMQError) {
        let state = try liveState("basic.publish")
        defer { scratch.recycle() }
        var properties = scratch.basicProperties(message.wireProperties)
        let exchange = scratch.bytes(message.exchange)
        let routingKey = scratch.bytes(message.routingKey)
        let status = message.body.withUnsafeBytes { body in
            amqp_basic_publish(
                state, channel, exchange, routingKey, message.mandatory ? 1 : 0, 0, &properties,
                amqp_bytes_t(len: body.count, bytes: UnsafeMutableRawPointer(mutating: body.baseAddress)))
        }
        try check(
            status,
            "basic.publish to exchange '\(message.exchange)' with routing key '\(message.routingKey)'")
    }

    func ack(_ deliveryTag: UInt64, multiple: Bool, on channel: UInt16) throws(RabbitMQError) {
        let state = try liveState("basic.ack")
        try check(amqp_basic_ack(state, channel, deliveryTag, multiple ? 1 : 0), "basic.ack \(deliveryTag)")
    }

    /// Sends basic.cancel without waiting for its answer: the deliveries the broker sent before
    /// it still arrive first, and basic.cancel-ok comes among the frames after them.
    func requestCancel(tag: String, on channel: UInt16) throws(RabbitMQError) {
        let state = try liveState("basic.cancel")
        defer { scratch.recycle() }
        var cancel = amqp_basic_cancel_t(consumer_tag: scratch.bytes(tag), nowait: 0)
        try check(
            amqp_send_method(state, channel, CRABBITMQ_BASIC_CANCEL, &cancel), "basic.cancel of consumer '\(tag)'")
    }

    func nack(_ deliveryTag: UInt64, multiple: Bool, requeue: Bool, on channel: UInt16) throws(RabbitMQError) {
        let state = try liveState("basic.nack")
        try check(
            amqp_basic_nack(state, channel, deliveryTag, multiple ? 1 : 0, requeue ? 1 : 0),
            "basic.nack \(deliveryTag)")
    }
}
