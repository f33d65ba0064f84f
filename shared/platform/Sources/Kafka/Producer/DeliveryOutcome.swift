import CRdKafka

/// What librdkafka's delivery report said about one record: only the numbers, copied out of the C
/// message (which is valid during the callback only). The `send` that waits for the record adds its
/// topic and key itself, so a report costs no allocation on the poll thread.
struct DeliveryOutcome: Sendable {
    /// The id `send` gave the record (its `opaque`).
    let messageID: UInt
    let code: KafkaErrorCode
    /// `nil` when no partition was chosen (the topic's metadata was never known).
    let partition: Int32?
    let offset: Int64

    init(_ message: rd_kafka_message_t) {
        messageID = UInt(bitPattern: message._private)
        code = KafkaErrorCode(message.err)
        partition = message.partition == RD_KAFKA_PARTITION_UA ? nil : message.partition
        offset = message.offset
    }

    /// What the waiting `send` learns.
    var sendOutcome: SendOutcome {
        guard code == .noError, let partition else {
            return .failed(code, partition: partition, reason: nil)
        }
        return .delivered(partition: partition, offset: offset)
    }
}

/// What one attempt of `send` to enqueue its record led to.
enum SendOutcome: Sendable {
    /// Every in-sync replica has the record.
    case delivered(partition: Int32, offset: Int64)
    /// librdkafka refused the record or reported it failed; `reason` is `nil` when the error
    /// code's own text says it.
    case failed(KafkaErrorCode, partition: Int32?, reason: String?)
    /// No room in librdkafka's queue yet: try again once reports freed some.
    case queueFull
    /// The producer is closing and took no record.
    case closing
    /// The producer closed before librdkafka reported on the record.
    case unanswered
}
