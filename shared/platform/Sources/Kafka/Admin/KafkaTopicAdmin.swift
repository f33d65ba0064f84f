import CRdKafka
import Logging
import ServiceKit

/// Creates topics through Kafka's Admin API (`rd_kafka_CreateTopics`).
///
/// Idempotent: creating a topic that exists already succeeds (and says so), so every service can
/// declare its topics at start-up. Each call runs on a thread of its own, with a client of its own
/// that lives for the call only.
public struct KafkaTopicAdmin: Sendable {
    /// What creating a topic found.
    public enum Outcome: Sendable, Hashable {
        case created
        /// The topic was there already; its partitions and settings were left as they are.
        case alreadyExisted
    }

    public var brokers: [HostPort]
    public var clientID: String
    /// How long the broker may take to create the topic, and the call to get its answer.
    public var timeout: Duration
    public var logger: Logger

    public init(
        brokers: [HostPort], clientID: String = "tributary-admin", timeout: Duration = .seconds(30), logger: Logger
    ) {
        self.brokers = brokers
        self.clientID = clientID
        self.timeout = timeout
        self.logger = logger
    }

    public init(_ kafka: KafkaConfig, logger: Logger) {
        self.init(brokers: kafka.brokers, logger: logger)
    }

    /// Creates `topic` unless it exists; throws ``KafkaTopicCreationError`` when the broker refuses.
    @discardableResult
    public func createTopic(_ topic: KafkaTopicSpecification) async throws -> Outcome {
        let properties = ["bootstrap.servers": KafkaProperties.bootstrapServers(brokers), "client.id": clientID]
        let timeoutMilliseconds = Int32(clamping: timeout.wholeMilliseconds)
        let logger = logger
        return try await DedicatedThread.run(name: "kafka-admin-\(topic.name)") {
            let client = try RdKafkaClient(
                kind: RD_KAFKA_PRODUCER, properties: properties, callbacks: RdKafkaCallbacks(logger: logger))
            defer { client.destroy() }
            return try Self.create(topic, with: client, timeoutMilliseconds: timeoutMilliseconds)
        }
    }

    /// Blocking: sends the request and waits for its result event on a queue of its own.
    private static func create(
        _ topic: KafkaTopicSpecification, with client: RdKafkaClient, timeoutMilliseconds: Int32
    ) throws -> Outcome {
        var errorText = [CChar](repeating: 0, count: 512)
        guard
            let newTopic = rd_kafka_NewTopic_new(
                topic.name, Int32(clamping: topic.partitions), Int32(clamping: topic.replicationFactor), &errorText,
                errorText.count)
        else {
            throw KafkaTopicCreationError(
                topic: topic.name, code: KafkaErrorCode(RD_KAFKA_RESP_ERR__INVALID_ARG), reason: cString(errorText))
        }
        defer { rd_kafka_NewTopic_destroy(newTopic) }
        for (name, value) in topic.settings.sorted(by: { $0.key < $1.key }) {
            let code = rd_kafka_NewTopic_set_config(newTopic, name, value)
            guard code == RD_KAFKA_RESP_ERR_NO_ERROR else {
                throw KafkaTopicCreationError(
                    topic: topic.name, code: KafkaErrorCode(code), reason: "setting \(name)=\(value) was refused")
            }
        }

        let options = rd_kafka_AdminOptions_new(client.handle, RD_KAFKA_ADMIN_OP_CREATETOPICS)
        defer { rd_kafka_AdminOptions_destroy(options) }
        _ = rd_kafka_AdminOptions_set_operation_timeout(options, timeoutMilliseconds, &errorText, errorText.count)
        _ = rd_kafka_AdminOptions_set_request_timeout(options, timeoutMilliseconds, &errorText, errorText.count)
        let queue = rd_kafka_queue_new(client.handle)
        defer { rd_kafka_queue_destroy(queue) }

        var topics: [OpaquePointer?] = [newTopic]
        rd_kafka_CreateTopics(client.handle, &topics, 1, options, queue)
        // The request timeout bounds the answer; the extra second covers librdkafka's own timer.
        guard let event = rd_kafka_queue_poll(queue, timeoutMilliseconds &+ 1000) else {
            throw KafkaTopicCreationError(
                topic: topic.name, code: .timedOut, reason: "no answer within \(timeoutMilliseconds) ms")
        }
        defer { rd_kafka_event_destroy(event) }
        let eventCode = rd_kafka_event_error(event)
        guard eventCode == RD_KAFKA_RESP_ERR_NO_ERROR else {
            throw KafkaTopicCreationError(
                topic: topic.name, code: KafkaErrorCode(eventCode),
                reason: String(cString: rd_kafka_event_error_string(event)))
        }
        var count = 0
        guard let result = rd_kafka_event_CreateTopics_result(event),
            let results = rd_kafka_CreateTopics_result_topics(result, &count), count == 1, let topicResult = results[0]
        else {
            throw KafkaTopicCreationError(
                topic: topic.name, code: KafkaErrorCode(RD_KAFKA_RESP_ERR__BAD_MSG),
                reason: "malformed CreateTopics result")
        }
        let code = KafkaErrorCode(rd_kafka_topic_result_error(topicResult))
        switch code {
        case .noError: return .created
        case .topicAlreadyExists: return .alreadyExisted
        default:
            let reason = rd_kafka_topic_result_error_string(topicResult).map { String(cString: $0) } ?? code.text
            throw KafkaTopicCreationError(topic: topic.name, code: code, reason: reason)
        }
    }
}
