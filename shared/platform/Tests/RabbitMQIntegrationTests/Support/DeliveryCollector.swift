import RabbitMQ
import Synchronization

/// Reads a consumer's deliveries in a task of its own into a list that tests poll with a deadline.
final class DeliveryCollector: Sendable {
    let consumer: RabbitMQConsumer
    private let received = Received()
    private let reader: Task<Void, Never>

    /// With `ackEvery`, every that many deliveries are acked at once (ack with `multiple`) as
    /// they arrive, so that more than the prefetch can be collected.
    init(_ consumer: RabbitMQConsumer, ackEvery: Int? = nil) {
        self.consumer = consumer
        let received = received
        reader = Task {
            do {
                for try await delivery in consumer {
                    let count = received.state.withLock {
                        $0.deliveries.append(delivery)
                        return $0.deliveries.count
                    }
                    if let ackEvery, count % ackEvery == 0 { try consumer.ack(delivery, multiple: true) }
                }
                received.state.withLock { $0.ended = true }
            } catch {
                received.state.withLock {
                    $0.ended = true
                    $0.error = "\(error)"
                }
            }
        }
    }

    deinit { reader.cancel() }

    var deliveries: [RabbitMQDelivery] { received.state.withLock { $0.deliveries } }

    /// Whether the consumer's sequence ended (cancelled, or the connection shut down).
    var ended: Bool { received.state.withLock { $0.ended } }

    /// Waits until at least `count` deliveries arrived; throws with what arrived after `timeout`.
    @discardableResult
    func waitFor(_ count: Int, timeout: Duration = .seconds(20)) async throws -> [RabbitMQDelivery] {
        let clock = ContinuousClock()
        let deadline = clock.now.advanced(by: timeout)
        while true {
            let (deliveries, ended, error) = received.state.withLock { ($0.deliveries, $0.ended, $0.error) }
            if deliveries.count >= count { return deliveries }
            guard clock.now < deadline, !ended else {
                throw CollectorError(
                    description: "\(deliveries.count) of \(count) deliveries within \(timeout)"
                        + (ended ? "; the consumer ended: \(error ?? "no error")" : ""))
            }
            try await Task.sleep(for: .milliseconds(10))
        }
    }

    func stop() { reader.cancel() }

    private final class Received: Sendable {
        /// Protects what arrived so far and how the sequence ended.
        let state = Mutex<(deliveries: [RabbitMQDelivery], ended: Bool, error: String?)>(([], false, nil))
    }
}

struct CollectorError: Error, CustomStringConvertible {
    let description: String
}
