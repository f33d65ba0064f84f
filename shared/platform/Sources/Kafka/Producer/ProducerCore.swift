import CRdKafka
import Foundation
import Logging
import Synchronization

/// A producer's handle, its records in flight and its poll thread. The poll thread is the only one
/// that calls `rd_kafka_poll` (which runs the delivery-report callback) and the one that flushes and
/// destroys the handle when the producer closes; it holds this object until then.
final class ProducerCore: Sendable {
    let client: RdKafkaClient
    let closed = AsyncEvent()
    private let registry: DeliveryRegistry
    private let queueSpace = QueueSpaceWaiters()
    private let stopRequested = Atomic<Bool>(false)
    private let messageTimeout: Duration
    private let flushTimeout: Duration
    private let logger: Logger

    /// How long one `rd_kafka_poll` waits for a report: bounds the reaction time to a close request
    /// and the wait of a `send` that found the queue full.
    private static let pollTimeoutMilliseconds: Int32 = 100

    init(configuration: KafkaProducerConfiguration, logger: Logger) throws {
        let registry = DeliveryRegistry()
        let callbacks = RdKafkaCallbacks(logger: logger, onDelivery: { registry.complete($0) })
        self.client = try RdKafkaClient(
            kind: RD_KAFKA_PRODUCER, properties: try configuration.properties(), callbacks: callbacks)
        self.registry = registry
        self.messageTimeout = configuration.messageTimeout
        self.flushTimeout = configuration.flushTimeout
        self.logger = logger
        DedicatedThread.start(name: "kafka-poll-\(client.name)") { [self] in pollUntilClosed() }
    }

    var recordsInFlight: Int { registry.inFlight }

    func send(_ message: KafkaProducerMessage) async throws -> KafkaDeliveryReport {
        let clock = ContinuousClock()
        let giveUpAt = clock.now.advanced(by: messageTimeout)
        while true {
            switch try await enqueueAndAwaitReport(message) {
            case .delivered(let report):
                return report
            case .queueFull:
                guard clock.now < giveUpAt else {
                    throw KafkaDeliveryError(
                        topic: message.topic, partition: message.partition, key: message.key, code: .queueFull,
                        reason: "the producer queue stayed full for \(messageTimeout)")
                }
                try Task.checkCancellation()
                await queueSpace.wait()
            }
        }
    }

    private func enqueueAndAwaitReport(_ message: KafkaProducerMessage) async throws -> DeliveryRegistry.SendOutcome {
        try await withCheckedThrowingContinuation { waiter in
            guard let id = registry.admit(waiter) else {
                waiter.resume(throwing: KafkaClientError.closed(client.name, .produce))
                return
            }
            let failure = ProduceCall.enqueue(message, id: id, on: client.handle)
            // Enqueued: the delivery report resumes the waiter. Not enqueued: no report will come.
            let unanswered = registry.enqueueFinished(id, failed: failure != nil)
            guard let failure, let waiter = unanswered else { return }
            if failure.code == .queueFull {
                waiter.resume(returning: .queueFull)
            } else {
                waiter.resume(
                    throwing: KafkaDeliveryError(
                        topic: message.topic, partition: message.partition, key: message.key, code: failure.code,
                        reason: failure.reason))
            }
        }
    }

    /// Asks the poll thread to flush and close; returns at once.
    func requestClose() {
        stopRequested.store(true, ordering: .releasing)
    }

    private func pollUntilClosed() {
        while !stopRequested.load(ordering: .acquiring) {
            let served = rd_kafka_poll(client.handle, Self.pollTimeoutMilliseconds)
            if served == 0 {
                queueSpace.wakeAll()
            } else {
                queueSpace.wake(upTo: registry.takeCompletedCount())
            }
        }
        flushAndDestroy()
    }

    private func flushAndDestroy() {
        // `send`s still inside rd_kafka_produceva finish within microseconds (it never blocks).
        while registry.stopAccepting() { usleep(50) }
        let flushResult = rd_kafka_flush(client.handle, Int32(clamping: flushTimeout.wholeMilliseconds))
        if flushResult != RD_KAFKA_RESP_ERR_NO_ERROR {
            logger.error(
                "kafka producer closing: records not acknowledged within the flush timeout fail",
                metadata: [
                    "kafka.client": "\(client.name)", "kafka.unacknowledged": "\(rd_kafka_outq_len(client.handle))",
                    "kafka.flushTimeout": "\(flushTimeout)",
                ])
            rd_kafka_purge(client.handle, RD_KAFKA_PURGE_F_QUEUE | RD_KAFKA_PURGE_F_INFLIGHT)
            rd_kafka_poll(client.handle, 0)  // serves the purged records' reports
        }
        client.destroy()
        registry.failAll(
            with: KafkaClientError(
                client: client.name, operation: .close, message: "closed before the broker acknowledged the record"))
        queueSpace.wakeAll()
        closed.set()
    }
}
