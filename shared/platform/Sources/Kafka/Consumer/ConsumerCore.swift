import CRdKafka
import Logging
import Synchronization

/// A consumer's handle, buffer, ledger and threads. The consumer thread subscribes, runs
/// `rd_kafka_consumer_poll` (which also runs the rebalance callback), pauses and resumes fetching for
/// the buffer, and on close leaves the group and destroys the handle; it holds this object until then.
final class ConsumerCore: Sendable {
    let client: RdKafkaClient
    let buffer: MessageBuffer
    let ledger: PartitionLedger
    let commits: CommitWorker
    let closed = AsyncEvent()
    let configuration: KafkaConsumerConfiguration
    private let wakeup: FetcherWakeup
    private let stopRequested = Atomic<Bool>(false)
    let logger: Logger

    /// How long one `rd_kafka_consumer_poll` waits when nothing arrives (a wake-up cuts it short).
    private static let pollTimeoutMilliseconds: Int32 = 100

    init(configuration: KafkaConsumerConfiguration, logger: Logger) throws {
        guard !configuration.topics.isEmpty else {
            throw KafkaConfigurationError(property: "topics", value: "", reason: "a consumer needs at least one topic")
        }
        let properties = try configuration.properties()
        let wakeup = FetcherWakeup()
        let buffer = MessageBuffer(capacity: configuration.bufferCapacity, wakeFetcher: { wakeup.wake() })
        let ledger = PartitionLedger()
        let rebalancer = Rebalancer(buffer: buffer, ledger: ledger, groupID: configuration.groupID, logger: logger)
        let clientName = configuration.clientID
        let callbacks = RdKafkaCallbacks(
            logger: logger,
            onRebalance: { rebalancer.rebalance($0, $1, $2) },
            onFatalError: { code, reason in
                buffer.finish(
                    throwing: KafkaClientError(client: clientName, operation: .consume, code: code, message: reason))
            })
        let client = try RdKafkaClient(kind: RD_KAFKA_CONSUMER, properties: properties, callbacks: callbacks)
        // Everything the client reports then arrives through rd_kafka_consumer_poll on one thread.
        rd_kafka_poll_set_consumer(client.handle)
        if let consumerQueue = rd_kafka_queue_get_consumer(client.handle) { wakeup.attach(consumerQueue) }

        self.client = client
        self.buffer = buffer
        self.ledger = ledger
        self.wakeup = wakeup
        self.configuration = configuration
        self.logger = logger
        self.commits = CommitWorker(client: client, ledger: ledger, groupID: configuration.groupID, logger: logger)
        DedicatedThread.start(name: "kafka-consume-\(client.name)") { [self] in consumeUntilClosed() }
    }

    /// Asks the consumer thread to leave the group and close; returns at once.
    func requestClose() {
        stopRequested.store(true, ordering: .releasing)
        wakeup.wake()
    }

    private func consumeUntilClosed() {
        if let error = subscribe() {
            buffer.finish(throwing: error)
        } else {
            while !stopRequested.load(ordering: .acquiring) {
                if buffer.takeResumeRequest() { setFetching(paused: false) }
                guard let message = rd_kafka_consumer_poll(client.handle, Self.pollTimeoutMilliseconds) else {
                    continue
                }
                receive(message)
                rd_kafka_message_destroy(message)
            }
        }
        leaveGroupAndDestroy()
    }

    private func subscribe() -> KafkaClientError? {
        let list = rd_kafka_topic_partition_list_new(Int32(configuration.topics.count))!
        defer { rd_kafka_topic_partition_list_destroy(list) }
        for topic in configuration.topics {
            rd_kafka_topic_partition_list_add(list, topic, RD_KAFKA_PARTITION_UA)
        }
        let code = rd_kafka_subscribe(client.handle, list)
        guard code != RD_KAFKA_RESP_ERR_NO_ERROR else { return nil }
        return KafkaClientError(
            client: client.name, operation: .subscribe, code: KafkaErrorCode(code),
            message: "subscribing to \(configuration.topics) failed: \(KafkaErrorCode(code).text)")
    }

    private func receive(_ message: UnsafeMutablePointer<rd_kafka_message_t>) {
        guard message.pointee.err == RD_KAFKA_RESP_ERR_NO_ERROR else {
            // Fetch and broker errors that librdkafka reports and then retries on its own.
            logger.warning(
                "kafka consumer: \(String(cString: rd_kafka_message_errstr(message)))",
                metadata: [
                    "kafka.group": "\(configuration.groupID)",
                    "kafka.error": "\(KafkaErrorCode(message.pointee.err).name)",
                ])
            return
        }
        let record = KafkaMessage(message)
        // A record fetched before its partition was revoked is not this member's to hand out.
        guard ledger.isAssigned(record.topicPartition) else { return }
        if buffer.append(record) == .pauseFetching { setFetching(paused: true) }
    }

    /// Pauses or resumes every assigned partition. Paused, librdkafka stops fetching but this thread
    /// keeps polling, so the member keeps its place in the group.
    private func setFetching(paused: Bool) {
        var list: UnsafeMutablePointer<rd_kafka_topic_partition_list_t>?
        guard rd_kafka_assignment(client.handle, &list) == RD_KAFKA_RESP_ERR_NO_ERROR, let list else { return }
        defer { rd_kafka_topic_partition_list_destroy(list) }
        _ = paused ? rd_kafka_pause_partitions(client.handle, list) : rd_kafka_resume_partitions(client.handle, list)
    }

    private func leaveGroupAndDestroy() {
        buffer.finish()
        commits.stop()
        let code = rd_kafka_consumer_close(client.handle)  // revokes the assignment through the callback
        if code != RD_KAFKA_RESP_ERR_NO_ERROR {
            logger.warning(
                "kafka consumer close: \(KafkaErrorCode(code).text)",
                metadata: ["kafka.group": "\(configuration.groupID)"])
        }
        wakeup.detach()
        client.destroy()
        closed.set()
    }
}
