import CRdKafka
import Foundation
import Logging

/// Commits offsets synchronously (`rd_kafka_commit`, which blocks for a broker round trip) on a
/// thread of its own, and answers each caller with the result for its partitions.
///
/// Requests that arrive while a commit is running are merged into the next one (the highest offset
/// per partition), so a consumer committing after every record costs one round trip per batch, not
/// per record. Offsets of partitions this member no longer owns are refused, not committed.
final class CommitWorker: @unchecked Sendable {
    struct Request {
        let offsets: [KafkaTopicPartition: Int64]
        let continuation: CheckedContinuation<Void, any Error>
    }

    // `condition` guards `pending` and `isAccepting`.
    private let condition = NSCondition()
    private var pending: [Request] = []
    private var isAccepting = true
    private let exited = ThreadEvent()

    private let client: RdKafkaClient
    private let ledger: PartitionLedger
    private let groupID: String
    private let logger: Logger

    init(client: RdKafkaClient, ledger: PartitionLedger, groupID: String, logger: Logger) {
        self.client = client
        self.ledger = ledger
        self.groupID = groupID
        self.logger = logger
        DedicatedThread.start(name: "kafka-commit-\(client.name)") { [self] in commitUntilStopped() }
    }

    /// Commits `offsets` (the next offset to read, per partition) and returns when the broker
    /// stored them; throws ``KafkaCommitError`` naming the partitions that were not committed.
    func commit(_ offsets: [KafkaTopicPartition: Int64]) async throws {
        guard !offsets.isEmpty else { return }
        try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
            condition.lock()
            guard isAccepting else {
                condition.unlock()
                continuation.resume(throwing: failure(offsets, code: nil, reason: "the consumer is closed"))
                return
            }
            pending.append(Request(offsets: offsets, continuation: continuation))
            condition.signal()
            condition.unlock()
        }
    }

    /// Refuses new requests, commits those already queued, and returns when the thread has ended.
    /// Called on the consumer thread before the consumer leaves its group.
    func stop() {
        condition.lock()
        isAccepting = false
        condition.signal()
        condition.unlock()
        exited.wait()
    }

    private func commitUntilStopped() {
        while true {
            condition.lock()
            while pending.isEmpty && isAccepting { condition.wait() }
            let batch = pending
            pending = []
            condition.unlock()
            if batch.isEmpty { break }  // stopped, and nothing left to commit
            commit(batch)
        }
        exited.set()
    }

    private func commit(_ batch: [Request]) {
        let revoked = ledger.unassigned(among: batch.flatMap(\.offsets.keys))
        var merged: [KafkaTopicPartition: Int64] = [:]
        for request in batch {
            for (partition, offset) in request.offsets where !revoked.contains(partition) {
                merged[partition] = max(merged[partition] ?? offset, offset)
            }
        }
        let brokerFailures = commitToBroker(merged)
        ledger.markCommitted(merged.filter { brokerFailures[$0.key] == nil })

        for request in batch {
            let failures = request.offsets.compactMap { partition, offset -> KafkaCommitError.Failure? in
                if revoked.contains(partition) {
                    return .init(
                        partition: partition, offset: offset, code: nil,
                        reason: "partition no longer assigned to this consumer (revoked in a rebalance)")
                }
                return brokerFailures[partition].map {
                    .init(partition: partition, offset: offset, code: $0, reason: $0.text)
                }
            }
            if failures.isEmpty {
                request.continuation.resume()
            } else {
                request.continuation.resume(throwing: KafkaCommitError(groupID: groupID, failures: failures))
            }
        }
    }

    /// Runs one synchronous commit; returns the error of each partition that was not committed.
    private func commitToBroker(_ offsets: [KafkaTopicPartition: Int64]) -> [KafkaTopicPartition: KafkaErrorCode] {
        guard !offsets.isEmpty else { return [:] }
        let list = TopicPartitionList.make(offsets)
        defer { rd_kafka_topic_partition_list_destroy(list) }
        let overall = rd_kafka_commit(client.handle, list, 0)
        var failures: [KafkaTopicPartition: KafkaErrorCode] = [:]
        for index in 0..<Int(list.pointee.cnt) {
            let element = list.pointee.elems[index]
            let code = element.err != RD_KAFKA_RESP_ERR_NO_ERROR ? element.err : overall
            if code != RD_KAFKA_RESP_ERR_NO_ERROR {
                failures[KafkaTopicPartition(topic: String(cString: element.topic), partition: element.partition)] =
                    KafkaErrorCode(code)
            }
        }
        if !failures.isEmpty {
            logger.warning(
                "kafka commit failed",
                metadata: [
                    "kafka.group": "\(groupID)",
                    "kafka.failures": "\(failures.map { "\($0.key): \($0.value.name)" }.sorted())",
                ])
        }
        return failures
    }

    private func failure(
        _ offsets: [KafkaTopicPartition: Int64], code: KafkaErrorCode?, reason: String
    )
        -> KafkaCommitError
    {
        KafkaCommitError(
            groupID: groupID,
            failures: offsets.map { .init(partition: $0.key, offset: $0.value, code: code, reason: reason) })
    }
}
