import Synchronization

/// What a consumer handle and the connection thread share about one consumer.
final class ConsumerShared: Sendable {
    let id: Int
    let queue: String
    let prefetch: UInt16
    /// Where ``RabbitMQConsumer/deadLetter(_:reason:)`` sends messages, from the queue's spec.
    let deadLetter: QueueSpec.DeadLetter?
    let deliveries: AsyncThrowingStream<RabbitMQDelivery, any Error>.Continuation
    /// Protects the generation of the channel currently delivering for this consumer (nil while
    /// none is open), which decides whether a delivery can still be settled.
    private let liveChannel = Mutex<UInt64?>(nil)

    init(
        id: Int, queue: String, prefetch: UInt16, deadLetter: QueueSpec.DeadLetter?,
        deliveries: AsyncThrowingStream<RabbitMQDelivery, any Error>.Continuation
    ) {
        self.id = id
        self.queue = queue
        self.prefetch = prefetch
        self.deadLetter = deadLetter
        self.deliveries = deliveries
    }

    var liveChannelGeneration: UInt64? {
        get { liveChannel.withLock { $0 } }
        set { liveChannel.withLock { $0 = newValue } }
    }
}
