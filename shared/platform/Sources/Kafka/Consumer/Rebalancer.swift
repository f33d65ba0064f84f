import CRdKafka
import Logging

/// Applies the partition moves of a group rebalance, from librdkafka's rebalance callback (on the
/// consumer thread): records the new assignment, drops the buffered records of revoked partitions
/// so they are neither processed nor committed here, and assigns or unassigns, eagerly or
/// incrementally according to the group's protocol.
final class Rebalancer: Sendable {
    private let buffer: MessageBuffer
    private let ledger: PartitionLedger
    private let groupID: String
    private let logger: Logger

    init(buffer: MessageBuffer, ledger: PartitionLedger, groupID: String, logger: Logger) {
        self.buffer = buffer
        self.ledger = ledger
        self.groupID = groupID
        self.logger = logger
    }

    func rebalance(
        _ handle: OpaquePointer, _ event: rd_kafka_resp_err_t,
        _ list: UnsafeMutablePointer<rd_kafka_topic_partition_list_t>
    ) {
        let partitions = TopicPartitionList.partitions(in: list)
        let cooperative = String(cString: rd_kafka_rebalance_protocol(handle)) == "COOPERATIVE"
        switch event {
        case RD_KAFKA_RESP_ERR__ASSIGN_PARTITIONS:
            ledger.assign(partitions)
            if cooperative {
                logFailure("incremental assign", rd_kafka_incremental_assign(handle, list))
            } else {
                logFailure("assign", rd_kafka_assign(handle, list))
            }
            if buffer.isPausedForSpace { rd_kafka_pause_partitions(handle, list) }
            logger.info(
                "kafka partitions assigned",
                metadata: ["kafka.group": "\(groupID)", "kafka.partitions": "\(partitions.map(\.description))"])
        case RD_KAFKA_RESP_ERR__REVOKE_PARTITIONS:
            revoke(
                partitions, handle: handle, list: list, cooperative: cooperative,
                lost: rd_kafka_assignment_lost(handle) != 0)
        default:
            logger.error(
                "kafka rebalance failed: giving up the assignment",
                metadata: ["kafka.group": "\(groupID)", "kafka.error": "\(KafkaErrorCode(event).name)"])
            // Give up everything: eagerly, or incrementally with the current assignment.
            var current: UnsafeMutablePointer<rd_kafka_topic_partition_list_t>?
            _ = rd_kafka_assignment(handle, &current)
            defer { current.map { rd_kafka_topic_partition_list_destroy($0) } }
            revoke(Array(ledger.assignment), handle: handle, list: current, cooperative: cooperative, lost: true)
        }
    }

    private func revoke(
        _ partitions: [KafkaTopicPartition], handle: OpaquePointer,
        list: UnsafeMutablePointer<rd_kafka_topic_partition_list_t>?, cooperative: Bool, lost: Bool
    ) {
        ledger.revoke(partitions)
        let dropped = buffer.drop(partitionsIn: Set(partitions))
        if cooperative, let list {
            logFailure("incremental unassign", rd_kafka_incremental_unassign(handle, list))
        } else {
            logFailure("unassign", rd_kafka_assign(handle, nil))
        }
        logger.info(
            "kafka partitions revoked",
            metadata: [
                "kafka.group": "\(groupID)", "kafka.partitions": "\(partitions.map(\.description))",
                "kafka.droppedBufferedRecords": "\(dropped)", "kafka.lost": "\(lost)",
            ])
    }

    /// Logs a failed incremental (un)assign; librdkafka retries the rebalance on its own.
    private func logFailure(_ operation: String, _ error: OpaquePointer?) {
        guard let error else { return }
        logger.error(
            "kafka \(operation) failed: \(String(cString: rd_kafka_error_string(error)))",
            metadata: ["kafka.group": "\(groupID)"])
        rd_kafka_error_destroy(error)
    }

    /// Logs a failed eager (un)assign.
    private func logFailure(_ operation: String, _ code: rd_kafka_resp_err_t) {
        guard code != RD_KAFKA_RESP_ERR_NO_ERROR else { return }
        logger.error("kafka \(operation) failed: \(KafkaErrorCode(code).text)", metadata: ["kafka.group": "\(groupID)"])
    }
}
