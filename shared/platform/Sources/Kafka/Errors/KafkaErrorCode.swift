import CRdKafka

/// A librdkafka error code (`rd_kafka_resp_err_t`): broker errors are positive (Kafka's protocol
/// codes), librdkafka's local errors negative.
public struct KafkaErrorCode: Sendable, Hashable, CustomStringConvertible {
    public let rawValue: Int32

    public init(rawValue: Int32) { self.rawValue = rawValue }

    init(_ code: rd_kafka_resp_err_t) { self.rawValue = code.rawValue }

    var rdKafkaValue: rd_kafka_resp_err_t { rd_kafka_resp_err_t(rawValue: rawValue) }

    /// librdkafka's symbolic name, e.g. `TOPIC_ALREADY_EXISTS` or `_MSG_TIMED_OUT`.
    public var name: String { String(cString: rd_kafka_err2name(rdKafkaValue)) }

    /// librdkafka's human-readable text, e.g. "Local: Message timed out".
    public var text: String { String(cString: rd_kafka_err2str(rdKafkaValue)) }

    public var description: String { "\(name) (\(rawValue))" }

    public static let noError = KafkaErrorCode(RD_KAFKA_RESP_ERR_NO_ERROR)
    public static let queueFull = KafkaErrorCode(RD_KAFKA_RESP_ERR__QUEUE_FULL)
    public static let messageTimedOut = KafkaErrorCode(RD_KAFKA_RESP_ERR__MSG_TIMED_OUT)
    public static let topicAlreadyExists = KafkaErrorCode(RD_KAFKA_RESP_ERR_TOPIC_ALREADY_EXISTS)
    public static let timedOut = KafkaErrorCode(RD_KAFKA_RESP_ERR__TIMED_OUT)
}
