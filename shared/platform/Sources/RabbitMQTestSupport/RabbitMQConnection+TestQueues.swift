import RabbitMQ
import Synchronization
import TestInfra

/// What integration tests of a consuming service ask of its work queue, written once for every
/// service (user-consumer, log-worker).
extension RabbitMQConnection {
    /// Waits until `queue` holds no ready message and `rows` (what the consumer stores) stopped
    /// changing. `queueState` counts ready messages only; unacknowledged ones show as a consumer
    /// still busy, and the consumers acknowledge right after storing, so stable rows mean settled.
    public func waitUntilSettled<Rows: Equatable>(
        queue: String, timeout: Duration = .seconds(30), rows: () async throws -> Rows
    ) async throws {
        _ = try await pollUntil("queue \(queue) empty", timeout: timeout) {
            try await queueState(queue).messageCount == 0 ? true : nil
        }
        _ = try await waitUntilStable("rows", timeout: timeout, rows)
    }

    /// The first `count` messages of the dead-letter queue of `queue` (`<queue>.dead`, as
    /// `QueueSpec.workQueue` declares it), taken off the queue.
    public func deadLetters(of queue: String, count: Int) async throws -> [RabbitMQDelivery] {
        let consumer = consume(queue: queue + ".dead", prefetch: 100)
        var received: [RabbitMQDelivery] = []
        for try await delivery in consumer {
            received.append(delivery)
            if received.count == count { break }
        }
        consumer.cancel()
        return received
    }

    /// Takes and acknowledges every message `queue` holds now (its ready count when called), in
    /// queue order: what a test publishes, read back.
    public func takeAll(of queue: String, timeout: Duration = .seconds(30)) async throws -> [RabbitMQDelivery] {
        let count = try await queueState(queue).messageCount
        guard count > 0 else { return [] }
        let consumer = consume(queue: queue, prefetch: UInt16(min(count, 1000)))
        let received = Mutex<[RabbitMQDelivery]>([])
        let reader = Task {
            for try await delivery in consumer {
                let total = received.withLock {
                    $0.append(delivery)
                    return $0.count
                }
                try consumer.ack(delivery)
                if total == count { break }
            }
        }
        defer { reader.cancel() }
        let deliveries = try await pollUntil("\(count) messages from \(queue)", timeout: timeout) {
            received.withLock { $0.count >= count ? $0 : nil }
        }
        consumer.cancel()
        return deliveries
    }
}
