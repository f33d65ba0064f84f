import RabbitMQ
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
}
