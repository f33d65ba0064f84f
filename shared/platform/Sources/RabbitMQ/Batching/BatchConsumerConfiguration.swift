/// Where a ``RabbitMQBatchConsumer`` reads and how it cuts batches.
public struct BatchConsumerConfiguration: Sendable, Equatable {
    /// The work queue; it needs a dead-letter exchange (`QueueSpec.workQueue`).
    public var queue: String
    /// The most deliveries stored in one batch.
    public var maxDeliveries: Int
    /// The most message bytes in one batch (at least one delivery is always taken): bounds the
    /// transaction when each message carries many items.
    public var maxBytes: Int
    /// How long a batch waits for more deliveries once its first one arrived.
    public var maxWait: Duration
    /// How many batches are worked on at once, so that decoding some overlaps with the database
    /// committing another. Acknowledgements stay in delivery order.
    public var concurrentBatches: Int
    /// True: batches are stored one at a time, in delivery order (decoding still runs ahead), so a
    /// later message for the same key wins across batches. False: up to ``concurrentBatches``
    /// stores run at once, each on its own database connection, for items whose order does not
    /// matter (inserts of unique ids).
    public var orderedStores: Bool
    /// The first pause before storing a failed batch again; doubles up to ``maxRetryDelay``.
    public var firstRetryDelay: Duration
    public var maxRetryDelay: Duration

    public init(
        queue: String, maxDeliveries: Int = 500, maxBytes: Int = 8 << 20, maxWait: Duration = .milliseconds(50),
        concurrentBatches: Int = 2, orderedStores: Bool = true, firstRetryDelay: Duration = .milliseconds(100),
        maxRetryDelay: Duration = .seconds(5)
    ) {
        precondition(maxDeliveries > 0 && maxBytes > 0, "a batch holds at least one delivery")
        precondition(concurrentBatches > 0, "at least one batch is stored at a time")
        self.queue = queue
        self.maxDeliveries = maxDeliveries
        self.maxBytes = maxBytes
        self.maxWait = maxWait
        self.concurrentBatches = concurrentBatches
        self.orderedStores = orderedStores
        self.firstRetryDelay = firstRetryDelay
        self.maxRetryDelay = maxRetryDelay
    }

    /// The broker's unacknowledged-message limit: the batches being stored plus one filling, capped
    /// at what AMQP allows.
    public var prefetch: UInt16 { UInt16(min(maxDeliveries * (concurrentBatches + 1), Int(UInt16.max))) }
}
