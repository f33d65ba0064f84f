import CRdKafka
import Foundation
import Logging
import Synchronization

/// A producer's handle, its records in flight and its poll thread. The poll thread is the only one
/// that calls `rd_kafka_poll` (which runs the delivery-report callback) and the one that flushes and
/// destroys the handle when the producer closes; it holds this object until then.
///
/// Per record, `send` takes the registry's lock twice (admit, end of enqueue) and suspends once;
/// the poll thread takes the lock once per poll for all the reports it served and resumes each
/// waiting `send` with the report's numbers only (the `send` adds topic and key itself).
final class ProducerCore: Sendable {
    let client: RdKafkaClient
    let closed = AsyncEvent()
    private let registry: DeliveryRegistry
    private let reports: DeliveryReportBuffer
    private let queueSpace = QueueSpaceWaiters()
    private let stopRequested = Atomic<Bool>(false)
    private let messageTimeout: Duration
    private let flushTimeout: Duration
    private let logger: Logger

    /// How long one `rd_kafka_poll` (or one slice of the closing flush) waits for a report: bounds
    /// the reaction time to a close request, the wait of a `send` that found the queue full, and
    /// how long reports served during a flush wait for their sends to be resumed.
    private static let pollTimeoutMilliseconds: Int32 = 100

    init(configuration: KafkaProducerConfiguration, logger: Logger) throws {
        let registry = DeliveryRegistry()
        let reports = DeliveryReportBuffer()
        let callbacks = RdKafkaCallbacks(logger: logger, onDelivery: { reports.append($0) })
        self.client = try RdKafkaClient(
            kind: RD_KAFKA_PRODUCER, properties: try configuration.properties(), callbacks: callbacks)
        self.registry = registry
        self.reports = reports
        self.messageTimeout = configuration.messageTimeout
        self.flushTimeout = configuration.flushTimeout
        self.logger = logger
        DedicatedThread.start(name: "kafka-poll-\(client.name)") { [self] in pollUntilClosed() }
    }

    var recordsInFlight: Int { registry.inFlight }

    func send(_ message: KafkaProducerMessage) async throws -> KafkaDeliveryReport {
        let clock = ContinuousClock()
        // Read only once the queue is full: the common path does not look at the clock.
        var giveUpAt: ContinuousClock.Instant?
        while true {
            switch await enqueueAndAwaitOutcome(message) {
            case .delivered(let partition, let offset):
                return KafkaDeliveryReport(topic: message.topic, partition: partition, offset: offset)
            case .failed(let code, let partition, let reason):
                throw KafkaDeliveryError(
                    topic: message.topic, partition: partition, key: message.key, code: code,
                    reason: reason ?? code.text)
            case .closing:
                throw KafkaClientError.closed(client.name, .produce)
            case .unanswered:
                throw KafkaClientError(
                    client: client.name, operation: .close, message: "closed before the broker acknowledged the record")
            case .queueFull:
                let deadline = giveUpAt ?? clock.now.advanced(by: messageTimeout)
                giveUpAt = deadline
                guard clock.now < deadline else {
                    throw KafkaDeliveryError(
                        topic: message.topic, partition: message.partition, key: message.key, code: .queueFull,
                        reason: "the producer queue stayed full for \(messageTimeout)")
                }
                try Task.checkCancellation()
                await queueSpace.wait()
            }
        }
    }

    private func enqueueAndAwaitOutcome(_ message: KafkaProducerMessage) async -> SendOutcome {
        // Unsafe, not checked: the registry resumes every admitted waiter exactly once (its report,
        // its failed enqueue, or failAll after the handle is gone), and checking costs an
        // allocation per record.
        await withUnsafeContinuation { waiter in
            guard let id = registry.admit(waiter) else {
                waiter.resume(returning: .closing)
                return
            }
            let failure = ProduceCall.enqueue(message, id: id, on: client.handle)
            // Enqueued: the delivery report resumes the waiter. Not enqueued: no report will come.
            let unanswered = registry.enqueueFinished(id, failed: failure != nil)
            guard let failure, let unanswered else { return }
            unanswered.resume(
                returning: failure.code == .queueFull
                    ? .queueFull : .failed(failure.code, partition: message.partition, reason: failure.reason))
        }
    }

    /// Asks the poll thread to flush and close; returns at once.
    func requestClose() {
        stopRequested.store(true, ordering: .releasing)
    }

    private func pollUntilClosed() {
        while !stopRequested.load(ordering: .acquiring) {
            let served = rd_kafka_poll(client.handle, Self.pollTimeoutMilliseconds)
            let freed = reports.deliver(to: registry)
            if served == 0 {
                queueSpace.wakeAll()
            } else {
                queueSpace.wake(upTo: freed)
            }
        }
        flushAndDestroy()
    }

    private func flushAndDestroy() {
        // `send`s still inside rd_kafka_produceva finish within microseconds (it never blocks).
        while registry.stopAccepting() { usleep(50) }
        if !flush() {
            logger.error(
                "kafka producer closing: records not acknowledged within the flush timeout fail",
                metadata: [
                    "kafka.client": "\(client.name)", "kafka.unacknowledged": "\(rd_kafka_outq_len(client.handle))",
                    "kafka.flushTimeout": "\(flushTimeout)",
                ])
            rd_kafka_purge(client.handle, RD_KAFKA_PURGE_F_QUEUE | RD_KAFKA_PURGE_F_INFLIGHT)
            rd_kafka_poll(client.handle, 0)  // serves the purged records' reports
            _ = reports.deliver(to: registry)
        }
        client.destroy()
        _ = reports.deliver(to: registry)  // in case destroying served any
        registry.failAll()
        queueSpace.wakeAll()
        closed.set()
    }

    /// Flushes in slices, resuming the sends whose reports each slice served; true when every
    /// record was answered within `flushTimeout`.
    private func flush() -> Bool {
        let clock = ContinuousClock()
        let giveUpAt = clock.now.advanced(by: flushTimeout)
        while true {
            let remaining = max(Int64(0), (giveUpAt - clock.now).wholeMilliseconds)
            let slice = Int32(min(remaining, Int64(Self.pollTimeoutMilliseconds)))
            let result = rd_kafka_flush(client.handle, slice)
            _ = reports.deliver(to: registry)
            if result == RD_KAFKA_RESP_ERR_NO_ERROR { return true }
            if remaining == 0 { return false }
        }
    }
}
