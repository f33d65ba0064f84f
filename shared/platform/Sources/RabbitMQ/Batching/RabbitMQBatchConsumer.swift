import Logging
import Metrics
import ServiceLifecycle

/// Consumes a work queue in batches: each batch is stored at once by a ``BatchHandler``, then
/// acknowledged. The loop every storing consumer shares (user-consumer, log-worker).
///
/// Guarantees:
/// - A delivery is acknowledged only after its items are committed (and ``BatchHandler/stored(_:)``
///   ran) or its dead-letter copy is confirmed. A crash at any point loses nothing: unacknowledged
///   deliveries come back, and the handler's idempotent store makes them harmless.
/// - A batch is up to ``BatchConsumerConfiguration/maxDeliveries`` deliveries and
///   ``BatchConsumerConfiguration/maxBytes`` bytes, or what arrived within
///   ``BatchConsumerConfiguration/maxWait`` of the first; the next batch fills while one is stored.
/// - A delivery that cannot be decoded goes to the dead-letter queue with the reason.
/// - When the store fails and the handler calls the failure permanent, the batch is split in
///   halves and each half stored on its own, down to single deliveries: the deliveries the
///   database rejects go to the dead-letter queue with its error, every other one is stored. So
///   one bad message never blocks the queue, and never takes good ones with it.
/// - Any other failure (database down) is retried with backoff, the same batch, for as long as it
///   takes; nothing is acknowledged or dropped meanwhile, and the broker holds the rest (prefetch).
/// - On graceful shutdown it cancels its consumer (the broker sends no more), stores and
///   acknowledges every delivery it already received, in the batches in hand and those still
///   buffered, and returns: nothing it was handed comes back redelivered. (While the store fails
///   it leaves them unacknowledged instead; the broker redelivers them after the drain timeout.)
public struct RabbitMQBatchConsumer<Handler: BatchHandler>: Service {
    let rabbit: RabbitMQConnection
    let configuration: BatchConsumerConfiguration
    let handler: Handler
    let logger: Logger
    /// Made when used, not at init: a service builds its consumer before `ServiceApplication`
    /// bootstraps the metrics system, and counters made earlier would stay no-ops. The backend
    /// hands back the same counters for the same label and queue.
    var metrics: BatchConsumerMetrics { BatchConsumerMetrics(queue: configuration.queue) }

    public init(
        rabbit: RabbitMQConnection, configuration: BatchConsumerConfiguration, handler: Handler, logger: Logger
    ) {
        self.rabbit = rabbit
        self.configuration = configuration
        self.handler = handler
        self.logger = logger
    }

    public func run() async throws {
        let consumer = rabbit.consume(queue: configuration.queue, prefetch: configuration.prefetch)
        let buffer = DeliveryBuffer()
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask {
                do {
                    for try await delivery in consumer { await buffer.append(delivery) }
                    await buffer.finish(throwing: nil)
                } catch {
                    await buffer.finish(throwing: error)
                }
            }
            // On graceful shutdown the consumer is cancelled: its deliveries end once the broker
            // confirmed the cancel, and storeBatches returns after storing and acknowledging them all.
            try await withGracefulShutdownHandler {
                try await storeBatches(from: buffer, consumer: consumer)
            } onGracefulShutdown: {
                consumer.cancel()
            }
            consumer.cancel()
            group.cancelAll()
        }
    }

    /// Takes batches from `buffer` and works on up to ``BatchConsumerConfiguration/concurrentBatches``
    /// of them at once: they decode in parallel; with ``BatchConsumerConfiguration/orderedStores``
    /// each then waits for the previous batch's store to finish before its own, so batches commit
    /// in delivery order. Each is acknowledged as soon as it and every earlier batch are settled.
    /// Returns once the deliveries ended (consumer cancelled) and every batch taken is settled.
    func storeBatches(from buffer: DeliveryBuffer, consumer: RabbitMQConsumer) async throws {
        let acknowledger = InOrderAcknowledger(consumer: consumer)
        try await withThrowingTaskGroup(of: Void.self) { batches in
            var inFlight = 0
            var number = 0
            var previous = Turn.opened()
            var previousSettled = Turn.opened()
            while true {
                let batch = try await buffer.take(
                    limit: configuration.maxDeliveries, maxBytes: configuration.maxBytes, wait: configuration.maxWait)
                if batch.isEmpty { break }
                if inFlight == configuration.concurrentBatches, try await batches.next() != nil {
                    inFlight -= 1
                }
                let current = number
                let (before, mine) = (configuration.orderedStores ? previous : Turn.opened(), Turn())
                let (settledBefore, settled) = (configuration.orderedStores ? previousSettled : Turn.opened(), Turn())
                batches.addTask {
                    defer {
                        mine.open()
                        settled.open()
                    }
                    var decoded = decode(batch)
                    await before.wait()
                    let outcome = await store(&decoded, from: consumer)
                    // Committed: the next batch may commit while this one's post-commit work
                    // (``BatchHandler/stored(_:)``) runs, in batch order among itself.
                    mine.open()
                    await settledBefore.wait()
                    for items in decoded.committed { await handler.stored(items) }
                    settled.open()
                    acknowledger.finished(current, outcome)
                }
                previous = mine
                previousSettled = settled
                inFlight += 1
                number += 1
            }
            try await batches.waitForAll()
        }
    }

    /// One delivery and the items it carries.
    struct Decoded: Sendable {
        let delivery: RabbitMQDelivery
        let items: [Handler.Item]
    }

    /// A batch's deliveries, decoded, and those that cannot be (with the reason).
    struct DecodedBatch: Sendable {
        var decoded: [Decoded]
        var poisoned: [(RabbitMQDelivery, String)]
        /// The items of each commit, for ``BatchHandler/stored(_:)`` once the batch is stored.
        var committed: [[Handler.Item]] = []
    }

    func decode(_ batch: [RabbitMQDelivery]) -> DecodedBatch {
        var result = DecodedBatch(decoded: [], poisoned: [])
        result.decoded.reserveCapacity(batch.count)
        for delivery in batch {
            do {
                result.decoded.append(Decoded(delivery: delivery, items: try handler.decode(delivery)))
            } catch {
                result.poisoned.append((delivery, handler.reason(for: error)))
            }
        }
        return result
    }

    /// Stores the decoded deliveries (isolating poison), dead-letters the poisoned ones, and
    /// returns the deliveries to acknowledge; those it could not dead-letter are already back in
    /// the queue.
    func store(_ batch: inout DecodedBatch, from consumer: RabbitMQConsumer) async -> BatchOutcome {
        guard await store(batch.decoded[...], poisoned: &batch.poisoned, committed: &batch.committed) else {
            return .abandoned
        }
        for (delivery, reason) in batch.poisoned
        where !(await deadLetter(delivery, reason: reason, from: consumer)) {
            // Not dead-lettered: back to the queue now, so that no later `ack multiple` covers it.
            try? consumer.nack(delivery, requeue: true)
        }
        let poisonedTags = Set(batch.poisoned.map(\.0.deliveryTag))
        let stored = batch.decoded.map(\.delivery).filter { !poisonedTags.contains($0.deliveryTag) }
        metrics.stored(messages: stored.count)
        return .stored(stored)
    }

    /// Stores `parts`, splitting on permanent failures and adding the deliveries at fault to
    /// `poisoned`; retries transient failures with backoff. False when shutdown came first.
    func store(
        _ parts: ArraySlice<Decoded>, poisoned: inout [(RabbitMQDelivery, String)], committed: inout [[Handler.Item]]
    ) async -> Bool {
        let items = parts.flatMap(\.items)
        guard !items.isEmpty else { return true }
        var delay = configuration.firstRetryDelay
        while true {
            do {
                try await handler.store(items)
                committed.append(items)
                return true
            } catch  where handler.isPermanent(error) {
                guard parts.count > 1 else {
                    if let only = parts.first { poisoned.append((only.delivery, handler.reason(for: error))) }
                    return true
                }
                logger.warning(
                    "a batch was rejected; storing its halves apart to find the message at fault",
                    metadata: [
                        "queue": "\(configuration.queue)", "messages": "\(parts.count)",
                        "error": "\(handler.reason(for: error))",
                    ])
                let middle = parts.startIndex + parts.count / 2
                guard await store(parts[..<middle], poisoned: &poisoned, committed: &committed) else { return false }
                return await store(parts[middle...], poisoned: &poisoned, committed: &committed)
            } catch {
                metrics.retried()
                logger.warning(
                    "cannot store a batch, retrying",
                    metadata: [
                        "queue": "\(configuration.queue)", "error": "\(handler.reason(for: error))",
                        "delay": "\(delay)",
                    ])
                let pause = delay
                try? await cancelWhenGracefulShutdown { try await Task.sleep(for: pause) }
                if Task.isShuttingDownGracefully || Task.isCancelled { return false }
                delay = min(delay * 2, configuration.maxRetryDelay)
            }
        }
    }

    /// Moves `delivery` to the dead-letter queue; false when that failed and it must stay unacknowledged.
    func deadLetter(_ delivery: RabbitMQDelivery, reason: String, from consumer: RabbitMQConsumer) async -> Bool {
        do {
            try await consumer.deadLetter(delivery, reason: reason)
            metrics.deadLettered()
            logger.warning(
                "dead-lettered a message",
                metadata: [
                    "queue": "\(configuration.queue)", "message_id": "\(delivery.messageID ?? "-")",
                    "reason": "\(reason)",
                ])
            return true
        } catch {
            logger.error(
                "cannot dead-letter a message; it stays unacknowledged",
                metadata: [
                    "queue": "\(configuration.queue)", "message_id": "\(delivery.messageID ?? "-")",
                    "error": "\(error)",
                ])
            return false
        }
    }
}
