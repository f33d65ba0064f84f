/// The deliveries of one queue, as an `AsyncSequence`, and the calls that settle them.
///
/// At most `prefetch` deliveries are unacknowledged at a time, which bounds what is buffered.
/// After a reconnect the consumer resumes by itself; deliveries received before it can no longer
/// be settled (the broker redelivers them). The sequence ends when the consumer is cancelled or
/// the connection shuts down, and throws if the broker refuses the consumer (a missing queue).
/// Settle each delivery once: ack when its work is stored, nack to retry it, dead-letter it when
/// it can never succeed.
public struct RabbitMQConsumer: AsyncSequence, Sendable {
    public typealias Element = RabbitMQDelivery
    public typealias AsyncIterator = AsyncThrowingStream<RabbitMQDelivery, any Error>.Iterator

    let shared: ConsumerShared
    let stream: AsyncThrowingStream<RabbitMQDelivery, any Error>
    let inbox: CommandInbox
    let broker: String

    public var queue: String { shared.queue }

    public func makeAsyncIterator() -> AsyncIterator { stream.makeAsyncIterator() }

    /// Acknowledges `delivery` (and with `multiple`, every earlier unsettled delivery of this
    /// consumer): the broker forgets it. Throws ``RabbitMQError/Kind/deliveryExpired`` when the
    /// delivery came on a channel that has since closed; the broker will deliver it again.
    public func ack(_ delivery: RabbitMQDelivery, multiple: Bool = false) throws(RabbitMQError) {
        try settle(delivery, multiple: multiple, .ack, operation: "basic.ack")
    }

    /// Rejects `delivery` (and with `multiple`, every earlier unsettled one): with `requeue` the
    /// broker delivers it again, without it the broker dead-letters it (no reason attached).
    public func nack(_ delivery: RabbitMQDelivery, multiple: Bool = false, requeue: Bool) throws(RabbitMQError) {
        try settle(delivery, multiple: multiple, .nack(requeue: requeue), operation: "basic.nack")
    }

    /// Moves `delivery` to its queue's dead-letter queue with `reason`: publishes a copy (same
    /// body and properties, plus the headers `x-death-reason` and `x-original-routing-key`) to the
    /// dead-letter exchange (persistent, unless the original was sent transient), waits for the
    /// broker's confirm, and only then acks the original. If
    /// the process dies in between, the original is redelivered and dead-lettered again: a
    /// duplicate dead letter with the same message id, never a lost one.
    public func deadLetter(_ delivery: RabbitMQDelivery, reason: String) async throws {
        let messageID = delivery.messageID ?? "(no message id)"
        guard let deadLetter = shared.deadLetter else {
            throw RabbitMQError(
                .invalidUse, broker: broker, operation: "dead-letter from queue '\(queue)'", messageID: messageID,
                detail: "the queue has no dead-letter exchange in the topology (declare it with QueueSpec.workQueue)")
        }
        try checkLive(delivery, operation: "dead-letter")
        var properties = delivery.properties
        properties.headers["x-death-reason"] = .string(reason)
        properties.headers["x-original-routing-key"] = .string(delivery.routingKey)
        properties.headers["x-original-exchange"] = .string(delivery.exchange)
        var copy = RabbitMQOutgoingMessage(
            exchange: deadLetter.exchange, routingKey: delivery.routingKey, messageID: messageID, body: delivery.body,
            properties: properties, deliveryMode: .persistent, mandatory: true)
        copy.keepsProperties = true
        try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
            let followUp = DeadLetterFollowUp(
                consumerID: shared.id, channelGeneration: delivery.channelGeneration,
                deliveryTag: delivery.deliveryTag, continuation: continuation)
            if !inbox.enqueue(.deadLetter(copy, followUp)) {
                continuation.resume(throwing: shutDownError("dead-letter", messageID: messageID))
            }
        }
    }

    /// Stops the deliveries: the broker sends no more, those already on their way still arrive,
    /// then the sequence ends. The channel stays open until every delivery handed out is settled
    /// (so acks of work in flight still count), or ``RabbitMQConfiguration/shutdownDrainTimeout``
    /// passed; what is unsettled then goes back to the queue.
    public func cancel() {
        _ = inbox.enqueue(.cancelConsumer(consumerID: shared.id))
    }

    private func settle(
        _ delivery: RabbitMQDelivery, multiple: Bool, _ settlement: Settlement, operation: String
    ) throws(RabbitMQError) {
        try checkLive(delivery, operation: operation)
        let command = ConnectionCommand.settle(
            consumerID: shared.id, channelGeneration: delivery.channelGeneration, deliveryTag: delivery.deliveryTag,
            multiple: multiple, settlement)
        guard inbox.enqueue(command) else {
            throw shutDownError(operation, messageID: delivery.messageID)
        }
    }

    private func checkLive(_ delivery: RabbitMQDelivery, operation: String) throws(RabbitMQError) {
        guard shared.liveChannelGeneration == delivery.channelGeneration else {
            throw RabbitMQError(
                .deliveryExpired, broker: broker,
                operation: "\(operation) of delivery \(delivery.deliveryTag) from '\(queue)'",
                messageID: delivery.messageID,
                detail: "its channel closed (reconnect or consumer cancelled); the broker will redeliver it")
        }
    }

    private func shutDownError(_ operation: String, messageID: String?) -> RabbitMQError {
        RabbitMQError(
            .shutDown, broker: broker, operation: "\(operation) from '\(queue)'", messageID: messageID,
            detail: "the connection is shut down")
    }
}
