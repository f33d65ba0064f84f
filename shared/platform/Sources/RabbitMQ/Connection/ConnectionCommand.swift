/// Work handed to the connection thread; it runs every C call itself.
enum ConnectionCommand: Sendable {
    /// Publish one message; `waiter` learns its fate. Holds one in-flight permit.
    case publish(RabbitMQOutgoingMessage, PublishWaiter, enqueuedAt: ContinuousClock.Instant)
    /// Publish messages of a batch; each holds one in-flight permit.
    case publishBatch([RabbitMQOutgoingMessage], BatchConfirmation, enqueuedAt: ContinuousClock.Instant)
    /// Acknowledge or reject deliveries of a consumer.
    case settle(consumerID: Int, channelGeneration: UInt64, deliveryTag: UInt64, multiple: Bool, Settlement)
    /// Publish a copy of a delivery to its queue's dead-letter exchange, then ack the delivery.
    case deadLetter(RabbitMQOutgoingMessage, DeadLetterFollowUp)
    case startConsumer(ConsumerShared)
    case cancelConsumer(consumerID: Int)
    /// Ask the broker how many messages and consumers a queue has (passive queue.declare).
    case inspectQueue(String, CheckedContinuation<RabbitMQQueueState, any Error>)
}

enum Settlement: Sendable {
    case ack
    case nack(requeue: Bool)
}

/// Who waits for the confirm of a publish.
enum PublishWaiter: Sendable {
    /// A single `publish` call.
    case single(CheckedContinuation<Void, any Error>)
    /// A message of a batch.
    case batch(BatchConfirmation)
    /// A dead-letter copy: once confirmed, the original delivery is acked.
    case deadLetter(DeadLetterFollowUp)

    /// Whether the publish holds an in-flight permit (dead letters are bounded by prefetch instead).
    var holdsPermit: Bool {
        if case .deadLetter = self { return false }
        return true
    }
}

/// The delivery a dead-letter copy stands for, acked once the copy is confirmed.
struct DeadLetterFollowUp: Sendable {
    let consumerID: Int
    let channelGeneration: UInt64
    let deliveryTag: UInt64
    let continuation: CheckedContinuation<Void, any Error>
}
