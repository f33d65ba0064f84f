/// Acting on what the broker sends: confirms, returns, deliveries, closes.
extension ConnectionLoop {
    func handle(_ frame: IncomingFrame) throws(RabbitMQError) {
        switch frame {
        case .ack(let channel, let tag, let multiple) where channel == Self.publishChannel:
            complete(confirms.resolve(deliveryTag: tag, multiple: multiple, acknowledged: true))
        case .nack(let channel, let tag, let multiple) where channel == Self.publishChannel:
            complete(confirms.resolve(deliveryTag: tag, multiple: multiple, acknowledged: false))
        case .deliver(let channel, let deliver):
            assembler.begin(.deliver(deliver), on: channel)
        case .returned(let channel, let returned):
            assembler.begin(.returned(returned), on: channel)
        case .contentHeader(let channel, let properties, let bodySize):
            if let message = assembler.header(properties, bodySize: bodySize, on: channel) { try dispatch(message) }
        case .contentBody(let channel, let bytes):
            if let message = assembler.body(bytes, on: channel) { try dispatch(message) }
        case .channelClosed(let channel, let code, let text):
            try channelClosedByBroker(channel, code: code, text: text)
        case .connectionClosed(let code, let text):
            session?.sendCloseOK(channel: 0)
            throw RabbitMQError(
                .connectionLost, broker: broker, operation: "keep the connection", replyCode: code,
                detail: "connection closed by the broker: \(text)")
        case .consumerCancelled(let channel, let tag):
            consumerCancelledByBroker(channel, tag: tag)
        case .consumerCancelConfirmed(let channel):
            // Every delivery of the consumer came before this on its channel: its sequence ends;
            // closeCancelledConsumers() closes the channel once they are settled.
            guard let id = consumerIDByChannel[channel], let record = consumers[id] else { break }
            record.cancelConfirmed = true
            record.shared.deliveries.finish()
        case .blocked(let reason):
            logger.warning("the broker blocked this connection's publishes", metadata: ["reason": "\(reason)"])
            publishingBlockedBy = reason
        case .unblocked:
            logger.info("the broker unblocked this connection's publishes")
            publishingBlockedBy = nil
            try sendWaitingPublishes()
        case .ack, .nack, .ignored:
            break
        }
    }

    private func dispatch(_ message: ContentAssembler<ContentMethod>.Message) throws(RabbitMQError) {
        switch message.method {
        case .returned(let returned):
            let messageID = message.properties.messageID ?? ""
            if !confirms.markReturned(
                messageID: messageID, replyCode: returned.replyCode, replyText: returned.replyText)
            {
                logger.warning(
                    "the broker returned a message that is not awaiting a confirm",
                    metadata: ["message_id": "\(messageID)", "reply": "\(returned.replyCode) \(returned.replyText)"])
            }
        case .deliver(let deliver):
            try handOver(deliver, message)
        }
    }

    private func handOver(
        _ deliver: IncomingFrame.Deliver, _ message: ContentAssembler<ContentMethod>.Message
    ) throws(RabbitMQError) {
        guard let id = consumerIDByChannel[message.channel], let record = consumers[id] else {
            // The consumer was cancelled while this was on its way: closing its channel requeues it.
            return
        }
        let delivery = RabbitMQDelivery(
            deliveryTag: deliver.deliveryTag, redelivered: deliver.redelivered, exchange: deliver.exchange,
            routingKey: deliver.routingKey, properties: message.properties, body: message.body,
            queue: record.shared.queue, channelGeneration: record.channelGeneration)
        // Deliveries between our basic.cancel and its cancel-ok are still handed out: returning
        // them would have the broker deliver them again, flagged redelivered.
        if !record.cancelConfirmed, case .enqueued = record.shared.deliveries.yield(delivery) {
            record.unsettled.insert(deliver.deliveryTag)
        } else {
            // Nobody will read it (the caller stopped iterating): back to the queue.
            try session?.nack(deliver.deliveryTag, multiple: false, requeue: true, on: message.channel)
        }
    }

    /// The broker closed a channel because of an error on it. Channel 1 is reopened (the
    /// publishes it had unconfirmed fail with the broker's reason); a consumer's channel is
    /// reopened and the consumer started again (its unsettled deliveries are redelivered).
    private func channelClosedByBroker(_ channel: UInt16, code: UInt16, text: String) throws(RabbitMQError) {
        guard let session else { return }
        session.sendCloseOK(channel: channel)
        assembler.discard(channel: channel)
        logger.warning("the broker closed a channel", metadata: ["channel": "\(channel)", "reply": "\(code) \(text)"])
        if channel == Self.publishChannel {
            failUnconfirmed(
                with: RabbitMQError(
                    .channelClosed, broker: broker, operation: "publish", replyCode: code,
                    detail: "the broker closed the publishing channel before confirming the message: \(text)"))
            try session.openChannel(Self.publishChannel)
            try session.selectConfirms(on: Self.publishChannel)
        } else if let id = consumerIDByChannel.removeValue(forKey: channel) {
            if consumers[id]?.closeDeadline != nil {
                // Being cancelled: it ends here rather than starting again.
                consumers[id]?.channel = nil
                closeConsumer(id)
                return
            }
            consumers[id]?.shared.liveChannelGeneration = nil
            consumers[id]?.channel = nil
            consumers[id]?.unsettled.removeAll()
            try openConsumerChannel(id)
        }
    }

    private func consumerCancelledByBroker(_ channel: UInt16, tag: String) {
        guard let id = consumerIDByChannel.removeValue(forKey: channel),
            let record = consumers.removeValue(forKey: id)
        else { return }
        record.shared.liveChannelGeneration = nil
        record.shared.deliveries.finish(
            throwing: RabbitMQError(
                .channelClosed, broker: broker, operation: "consume from queue '\(record.shared.queue)'",
                detail: "the broker cancelled consumer '\(tag)' (queue deleted?)"))
        session?.closeChannel(channel)
    }
}
