/// Carrying out the commands callers queued.
extension ConnectionLoop {
    /// Commands on a live connection, in order. When the connection breaks, the commands not
    /// carried out yet are kept as they would be while disconnected (publishes wait for the next
    /// connection), and the error is thrown.
    func execute(_ commands: [ConnectionCommand]) throws(RabbitMQError) {
        for (index, command) in commands.enumerated() {
            do {
                try execute(command)
            } catch {
                for later in commands[(index + 1)...] { executeWhileDisconnected(later) }
                throw error
            }
        }
    }

    /// A command on a live connection. Throws only when the connection broke.
    private func execute(_ command: ConnectionCommand) throws(RabbitMQError) {
        switch command {
        case .publish(let message, let waiter, _):
            try send(message, waiter)
        case .publishBatch(let messages, let confirmation, let enqueuedAt):
            for (index, message) in messages.enumerated() {
                do {
                    try send(message, .batch(confirmation))
                } catch {
                    for later in messages[(index + 1)...] {
                        waitingPublishes.append(
                            WaitingPublish(message: later, waiter: .batch(confirmation), enqueuedAt: enqueuedAt))
                    }
                    throw error
                }
            }
        case .settle(let id, let generation, let tag, let multiple, let settlement):
            try settle(consumerID: id, generation: generation, tag: tag, multiple: multiple, settlement)
        case .deadLetter(let copy, let followUp):
            guard consumers[followUp.consumerID]?.channelGeneration == followUp.channelGeneration,
                consumers[followUp.consumerID]?.channel != nil
            else {
                followUp.continuation.resume(throwing: expired(followUp, messageID: copy.messageID))
                return
            }
            try send(copy, .deadLetter(followUp))
        case .startConsumer(let shared):
            guard inbox.shutdownMode == nil else {
                shared.deliveries.finish(
                    throwing: RabbitMQError(
                        .shutDown, broker: broker, operation: "consume from queue '\(shared.queue)'",
                        detail: "the connection is shutting down"))
                return
            }
            consumers[shared.id] = ConsumerRecord(
                shared: shared, consumerTag: "\(configuration.connectionName)-\(shared.id)-\(shared.queue)")
            try openConsumerChannel(shared.id)
        case .cancelConsumer(let id):
            try cancelConsumer(id)
        case .inspectQueue(let queue, let continuation):
            try inspect(queue, continuation)
        }
    }

    /// A command while no connection is up: publishes wait for one, consumers are registered for
    /// the next connection, settlements are void (the broker redelivers those messages).
    func executeWhileDisconnected(_ command: ConnectionCommand) {
        switch command {
        case .publish(let message, let waiter, let enqueuedAt):
            waitingPublishes.append(WaitingPublish(message: message, waiter: waiter, enqueuedAt: enqueuedAt))
        case .publishBatch(let messages, let confirmation, let enqueuedAt):
            for message in messages {
                waitingPublishes.append(
                    WaitingPublish(message: message, waiter: .batch(confirmation), enqueuedAt: enqueuedAt))
            }
        case .settle:
            break
        case .deadLetter(let copy, let followUp):
            followUp.continuation.resume(throwing: expired(followUp, messageID: copy.messageID))
        case .startConsumer(let shared):
            consumers[shared.id] = ConsumerRecord(
                shared: shared, consumerTag: "\(configuration.connectionName)-\(shared.id)-\(shared.queue)")
        case .cancelConsumer(let id):
            consumers.removeValue(forKey: id)?.shared.deliveries.finish()
        case .inspectQueue(let queue, let continuation):
            continuation.resume(
                throwing: RabbitMQError(
                    .notConnected, broker: broker, operation: "inspect queue '\(queue)'",
                    detail: lastConnectionError.map { "\($0)" }))
        }
    }

    /// Fails a command that will never run.
    func reject(_ command: ConnectionCommand, with error: RabbitMQError) {
        switch command {
        case .publish(let message, let waiter, _):
            fail(waiter, error.about(messageID: message.messageID))
        case .publishBatch(let messages, let confirmation, _):
            confirmation.record(
                confirmed: 0, failures: messages.map { ($0.messageID, error.about(messageID: $0.messageID)) })
            limiter.release(messages.count)
        case .deadLetter(let copy, let followUp):
            followUp.continuation.resume(throwing: error.about(messageID: copy.messageID, operation: "dead-letter"))
        case .startConsumer(let shared):
            shared.deliveries.finish(throwing: error)
        case .inspectQueue(_, let continuation):
            continuation.resume(throwing: error)
        case .settle, .cancelConsumer:
            break
        }
    }

    /// Publishes on channel 1 and records the publish for its confirm.
    func send(_ message: RabbitMQOutgoingMessage, _ waiter: PublishWaiter) throws(RabbitMQError) {
        // While the broker blocks publishing it stops reading the socket: a publish now could
        // block this thread in send(), so it waits (bounded by publishWaitForConnection).
        guard let session, publishingBlockedBy == nil else {
            waitingPublishes.append(WaitingPublish(message: message, waiter: waiter, enqueuedAt: clock.now))
            return
        }
        _ = confirms.register(
            .init(messageID: message.messageID, exchange: message.exchange, routingKey: message.routingKey),
            waiter: waiter)
        // If this throws, the connection is gone and abandonSession fails this publish with the rest.
        try session.publish(message, on: Self.publishChannel)
    }

    private func settle(
        consumerID: Int, generation: UInt64, tag: UInt64, multiple: Bool, _ settlement: Settlement
    ) throws(RabbitMQError) {
        guard let record = consumers[consumerID], let channel = record.channel,
            record.channelGeneration == generation, let session
        else {
            logger.debug("settlement of a delivery from a closed channel dropped", metadata: ["tag": "\(tag)"])
            return
        }
        switch settlement {
        case .ack: try session.ack(tag, multiple: multiple, on: channel)
        case .nack(let requeue): try session.nack(tag, multiple: multiple, requeue: requeue, on: channel)
        }
        if multiple { record.unsettled = record.unsettled.filter { $0 > tag } } else { record.unsettled.remove(tag) }
    }

    /// Opens a channel for a registered consumer: prefetch, then basic.consume. A refusal by the
    /// broker (no such queue) ends that consumer's deliveries with the error.
    func openConsumerChannel(_ id: Int) throws(RabbitMQError) {
        guard let record = consumers[id], let session else { return }
        let channel = freeChannel()
        do {
            try session.openChannel(channel)
            try session.setPrefetch(record.shared.prefetch, on: channel)
            try session.startConsuming(queue: record.shared.queue, tag: record.consumerTag, on: channel)
        } catch  where error.kind == .channelClosed {
            logger.error("consumer refused", metadata: ["queue": "\(record.shared.queue)", "error": "\(error)"])
            consumers[id] = nil
            record.shared.deliveries.finish(throwing: error)
            return
        }
        channelGenerations += 1
        record.channel = channel
        record.channelGeneration = channelGenerations
        record.unsettled.removeAll()
        consumerIDByChannel[channel] = id
        record.shared.liveChannelGeneration = channelGenerations
    }

    /// Stops a consumer (on request, or for a graceful shutdown) without returning anything to
    /// the queue that its caller may still settle:
    /// 1. basic.cancel, without waiting: deliveries already on their way are still handed out;
    /// 2. basic.cancel-ok ends the deliveries (the broker sends no more after it);
    /// 3. the channel stays open until every delivery handed out is acked or nacked, or
    ///    ``RabbitMQConfiguration/shutdownDrainTimeout`` passed since the cancel; then it closes
    ///    (``closeCancelledConsumers()``), and what is still unsettled goes back to the queue.
    /// A consumer without a live channel ends at once. Cancelling twice changes nothing.
    func cancelConsumer(_ id: Int) throws(RabbitMQError) {
        guard let record = consumers[id], record.closeDeadline == nil else { return }
        guard let channel = record.channel, let session else {
            closeConsumer(id)
            return
        }
        record.closeDeadline = clock.now.advanced(by: configuration.shutdownDrainTimeout)
        try session.requestCancel(tag: record.consumerTag, on: channel)
    }

    /// Closes the channels of cancelled consumers that are done: cancel-ok received and every
    /// delivery settled, or their drain time is up.
    func closeCancelledConsumers() {
        let now = clock.now
        for id in consumers.keys.sorted() {
            guard let record = consumers[id], let deadline = record.closeDeadline else { continue }
            let settled = record.cancelConfirmed && record.unsettled.isEmpty
            guard settled || now >= deadline else { continue }
            if !settled {
                logger.warning(
                    "closing a cancelled consumer's channel with deliveries unsettled; the broker will redeliver them",
                    metadata: [
                        "queue": "\(record.shared.queue)", "unsettled": "\(record.unsettled.count)",
                        "drain_timeout": "\(configuration.shutdownDrainTimeout)",
                    ])
            }
            closeConsumer(id)
        }
    }

    /// Forgets a consumer: its deliveries end and can no longer be settled, its channel closes
    /// (the broker requeues whatever is unsettled on it).
    func closeConsumer(_ id: Int) {
        guard let record = consumers.removeValue(forKey: id) else { return }
        record.shared.liveChannelGeneration = nil
        record.shared.deliveries.finish()
        guard let channel = record.channel else { return }
        consumerIDByChannel[channel] = nil
        assembler.discard(channel: channel)
        session?.closeChannel(channel)
    }

    /// A passive queue.declare on a channel of its own, so that a missing queue (which makes the
    /// broker close the channel) disturbs neither publishes nor consumers.
    private func inspect(
        _ queue: String, _ continuation: CheckedContinuation<RabbitMQQueueState, any Error>
    ) throws(RabbitMQError) {
        guard let session else { return }
        let channel = freeChannel()
        do {
            try session.openChannel(channel)
            let state = try session.inspectQueue(queue, on: channel)
            session.closeChannel(channel)
            continuation.resume(returning: state)
        } catch  where error.kind == .channelClosed {
            continuation.resume(throwing: error)
        } catch {
            continuation.resume(throwing: error)
            throw error
        }
    }

    /// A channel number not used before on this connection, so that frames still queued for a
    /// closed channel can never reach a consumer that opened later. Numbers are reused only past
    /// 2,047 (RabbitMQ's default channel limit), the lowest free one first.
    private func freeChannel() -> UInt16 {
        if nextConsumerChannel <= 2_047 {
            defer { nextConsumerChannel += 1 }
            return nextConsumerChannel
        }
        var channel = Self.publishChannel + 1
        while consumerIDByChannel[channel] != nil { channel += 1 }
        return channel
    }

    private func expired(_ followUp: DeadLetterFollowUp, messageID: String) -> RabbitMQError {
        RabbitMQError(
            .deliveryExpired, broker: broker, operation: "dead-letter of delivery \(followUp.deliveryTag)",
            messageID: messageID, detail: "its channel closed; the broker will redeliver it")
    }
}
