import Logging
import ServiceLifecycle

/// Produces records to Kafka and reports each one's fate.
///
/// Guarantees:
/// - `acks=all` and `enable.idempotence=true`: ``send(_:)`` returns only after every in-sync replica
///   stored the record, and librdkafka's retries never duplicate or reorder it.
/// - ``send(_:)`` throws ``KafkaDeliveryError`` (topic, partition, key, librdkafka's reason) when the
///   record could not be delivered within `messageTimeout`. A cancelled `send` still waits for its
///   record's report once the record is enqueued: a record cannot be recalled.
/// - Many `send`s may be in flight at once from any number of tasks; librdkafka batches them. When
///   its queue is full, `send` suspends until there is room; no thread is blocked.
/// - No blocking librdkafka call runs on the Swift concurrency pool: a dedicated thread polls for
///   delivery reports and flushes on close.
/// - Closing (``close()``, or ``run()`` on graceful shutdown) flushes: records in flight are
///   acknowledged or fail within `flushTimeout`; none is left unanswered.
public final class KafkaProducer: Service, Sendable {
    private let core: ProducerCore

    public init(configuration: KafkaProducerConfiguration, logger: Logger) throws {
        core = try ProducerCore(configuration: configuration, logger: logger)
    }

    /// Sends one record and returns where the broker stored it.
    public func send(_ message: KafkaProducerMessage) async throws -> KafkaDeliveryReport {
        try await core.send(message)
    }

    /// Records sent and not yet acknowledged or failed.
    public var recordsInFlight: Int { core.recordsInFlight }

    /// Runs until graceful shutdown (or cancellation), then flushes and closes.
    public func run() async throws {
        try? await gracefulShutdown()
        await close()
    }

    /// Stops taking records, waits up to `flushTimeout` for those in flight, fails the rest, and
    /// releases the client. Safe to call more than once.
    public func close() async {
        core.requestClose()
        await core.closed.wait()
    }

    deinit {
        core.requestClose()
    }
}
