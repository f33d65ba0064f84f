import Logging
import ServiceKit
import ServiceLifecycle

/// A member of a Kafka consumer group that hands its records to the application and commits an
/// offset only when the application says it has processed the record.
///
/// Guarantees:
/// - No auto-commit: `enable.auto.commit=false` and `enable.auto.offset.store=false`. After a crash
///   or restart, consumption resumes after the last offset committed through ``commit(_:)``: nothing
///   committed is delivered again, nothing uncommitted is lost.
/// - `commit` is synchronous: it returns when the broker stored the offset and throws
///   ``KafkaCommitError`` otherwise, naming the partitions. It refuses partitions this member lost in
///   a rebalance (their new owner reads them from the last committed offset).
/// - Rebalances are handled (eager or cooperative): records buffered for revoked partitions are
///   dropped, never handed out.
/// - Backpressure: once `bufferCapacity` records wait for the application, fetching pauses (records
///   already on their way are still kept) and resumes when half have been taken; the consumer
///   stays in its group meanwhile.
/// - No blocking librdkafka call runs on the Swift concurrency pool: a dedicated thread polls and
///   another commits.
/// - Graceful shutdown (``run()``): delivery stops, the application gets `shutdownCommitGracePeriod`
///   to commit what it was given, then the consumer leaves its group.
public final class KafkaConsumer: Service, Sendable {
    private let core: ConsumerCore

    /// Joins the group in the background; records arrive in ``messages`` once partitions are assigned.
    public init(configuration: KafkaConsumerConfiguration, logger: Logger) throws {
        core = try ConsumerCore(configuration: configuration, logger: logger)
    }

    /// The records, in order per partition.
    public var messages: KafkaConsumerMessages {
        KafkaConsumerMessages(buffer: core.buffer, ledger: core.ledger)
    }

    /// The partitions this member owns now.
    public var assignment: Set<KafkaTopicPartition> { core.ledger.assignment }

    /// Commits `message` as processed: its partition resumes at `message.offset + 1`.
    public func commit(_ message: KafkaMessage) async throws {
        try await core.commits.commit([message.topicPartition: message.offset + 1])
    }

    /// Commits every partition of `messages` up to its highest offset (plus one), in one request.
    public func commit(upTo messages: some Sequence<KafkaMessage>) async throws {
        var offsets: [KafkaTopicPartition: Int64] = [:]
        for message in messages {
            offsets[message.topicPartition] = max(offsets[message.topicPartition] ?? 0, message.offset + 1)
        }
        try await core.commits.commit(offsets)
    }

    /// Commits the given offsets as they are stored: the next offset to read, per partition.
    public func commit(offsets: [KafkaTopicPartition: Int64]) async throws {
        try await core.commits.commit(offsets)
    }

    /// Runs until graceful shutdown (or cancellation), then stops delivery, waits up to
    /// `shutdownCommitGracePeriod` for the records handed out to be committed, and closes.
    public func run() async throws {
        try? await gracefulShutdown()
        core.buffer.finish()
        let ledger = core.ledger
        let gracePeriod = core.configuration.shutdownCommitGracePeriod
        let drained: Void? = try? await withTimeout(gracePeriod) { await ledger.waitUntilDrained() }
        if drained == nil {
            core.logger.warning(
                "kafka consumer shutting down with records handed out but not committed: they will be delivered again",
                metadata: ["kafka.group": "\(core.configuration.groupID)", "kafka.gracePeriod": "\(gracePeriod)"])
        }
        await close()
    }

    /// Leaves the group now and releases the client. Records handed out but not committed are
    /// delivered again, to whichever member gets their partition. Safe to call more than once.
    public func close() async {
        core.requestClose()
        await core.closed.wait()
    }

    deinit {
        core.requestClose()
    }
}
