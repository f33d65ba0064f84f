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
        _ handle: OpaquePointer, _ event: rd_kafka_resp_err_t, _ list: UnsafeMutablePointer<rd_kafka_topic_partition_list_t>
    ) {
        let partitions = TopicPartitionList.partitions(in: list)
        let cooperative = String(cString: rd_kafka_rebalance_protocol(handle)) == "COOPERATIVE"
        switch event {
        case RD_KAFKA_RESP_ERR__ASSIGN_PARTITIONS:
            ledger.assign(partitions)
            report("assign", cooperative ? rd_kafka_incremental_assign(handle, list) : nil,
                   cooperative ? RD_KAFKA_RESP_ERR_NO_ERROR : rd_kafka_assign(handle, list))
            if buffer.isPausedForSpace { rd_kafka_pause_partitions(handle, list) }
            logger.info(
                "kafka partitions assigned",
                metadata: ["kafka.group": "\(groupID)", "kafka.partitions": "\(partitions.map(\.description))"])
        case RD_KAFKA_RESP_ERR__REVOKE_PARTITIONS:
            revoke(partitions, handle: handle, list: list, cooperative: cooperative, lost: rd_kafka_assignment_lost(handle) != 0)
        default:
            logger.error(
                "kafka rebalance failed: giving up the assignment",
                metadata: ["kafka.group": "\(groupID)", "kafka.error": "\(KafkaErrorCode(event).name)"])
            revoke(ledger.assignment.map { $0 }, handle: handle, list: nil, cooperative: false, lost: true)
        }
    }

    private func revoke(
        _ partitions: [KafkaTopicPartition], handle: OpaquePointer,
        list: UnsafeMutablePointer<rd_kafka_topic_partition_list_t>?, cooperative: Bool, lost: Bool
    ) {
        ledger.revoke(partitions)
        let dropped = buffer.drop(partitionsIn: Set(partitions))
        if cooperative, let list {
            report("unassign", rd_kafka_incremental_unassign(handle, list), RD_KAFKA_RESP_ERR_NO_ERROR)
        } else {
            report("unassign", nil, rd_kafka_assign(handle, nil))
        }
        logger.info(
            "kafka partitions revoked",
            metadata: [
                "kafka.group": "\(groupID)", "kafka.partitions": "\(partitions.map(\.description))",
                "kafka.droppedBufferedRecords": "\(dropped)", "kafka.lost": "\(lost)",
            ])
    }

    /// Logs a failed (incremental) assign; librdkafka retries the rebalance on its own.
    private func report(_ operation: String, _ error: OpaquePointer?, _ code: rd_kafka_resp_err_t) {
        if let error {
            logger.error(
                "kafka \(operation) failed: \(String(cString: rd_kafka_error_string(error)))",
                metadata: ["kafka.group": "\(groupID)"])
            rd_kafka_error_destroy(error)
        } else if code != RD_KAFKA_RESP_ERR_NO_ERROR {
            logger.error(
                "kafka \(operation) failed: \(KafkaErrorCode(code).text)", metadata: ["kafka.group": "\(groupID)"])
        }
    }
}
