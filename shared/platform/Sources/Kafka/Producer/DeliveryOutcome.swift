import CRdKafka

/// What librdkafka's delivery report said about one record, copied out of the C message (which is
/// only valid during the callback) and tagged with the id `send` gave the record.
struct DeliveryOutcome: Sendable {
    let messageID: UInt
    let result: Result<KafkaDeliveryReport, KafkaDeliveryError>

    init(_ message: rd_kafka_message_t) {
        messageID = UInt(bitPattern: message._private)
        let topic = message.rkt.map { String(cString: rd_kafka_topic_name($0)) } ?? ""
        guard message.err != RD_KAFKA_RESP_ERR_NO_ERROR else {
            result = .success(KafkaDeliveryReport(topic: topic, partition: message.partition, offset: message.offset))
            return
        }
        let key = message.key.map { Array(UnsafeRawBufferPointer(start: $0, count: message.key_len)) }
        let code = KafkaErrorCode(message.err)
        result = .failure(
            KafkaDeliveryError(
                topic: topic, partition: message.partition == RD_KAFKA_PARTITION_UA ? nil : message.partition,
                key: key, code: code, reason: code.text))
    }
}
