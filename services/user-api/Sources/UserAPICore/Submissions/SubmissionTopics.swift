import Kafka
import Logging
import ServiceKit
import ServiceLifecycle

/// The topics of the submissions, created at start: `USER_SUBMISSIONS_TOPIC` with
/// `USER_SUBMISSIONS_PARTITIONS` partitions, and the dead-letter topic with one. An existing topic
/// is left as it is. Retried with backoff until they exist, however long the broker is away (an
/// error is logged each minute): Kafka missing at start must not stop user-api, whose managed-users
/// API does not need it and whose readiness says what is missing. Graceful shutdown stops the
/// retries (each attempt is bounded by a 5 s timeout, so shutdown is not held up for longer).
public struct SubmissionTopics: Sendable {
    let admin: KafkaTopicAdmin
    let config: SubmissionsConfig
    /// How long one round of attempts lasts before its failure is logged as an error (then the next round).
    let round: Duration
    let logger: Logger

    public init(kafka: KafkaConfig, config: SubmissionsConfig, round: Duration = .seconds(60), logger: Logger) {
        self.admin = KafkaTopicAdmin(
            brokers: kafka.brokers, clientID: "user-api-admin", timeout: .seconds(5), logger: logger)
        self.config = config
        self.round = round
        self.logger = logger
    }

    /// Creates the topics; throws only on graceful shutdown or cancellation.
    public func create() async throws {
        try await cancelWhenGracefulShutdown { try await createUntilDone() }
    }

    private func createUntilDone() async throws {
        let topics = [
            KafkaTopicSpecification(name: config.topic, partitions: config.partitions),
            KafkaTopicSpecification(name: config.deadLetterTopic, partitions: 1),
        ]
        let (admin, logger, round) = (admin, logger, round)
        for topic in topics {
            while true {
                do {
                    let outcome = try await retryWithBackoff(deadline: round) { error, delay in
                        logger.warning(
                            "kafka topic not created yet, retrying",
                            metadata: ["topic": "\(topic.name)", "error": "\(error)", "delay": "\(delay)"])
                    } _: {
                        try await admin.createTopic(topic)
                    }
                    logger.info(
                        "kafka topic ready",
                        metadata: [
                            "topic": "\(topic.name)", "partitions": "\(topic.partitions)", "outcome": "\(outcome)",
                        ])
                    break
                } catch  where !Task.isCancelled {
                    logger.error(
                        "kafka topic still not created; still trying",
                        metadata: ["topic": "\(topic.name)", "error": "\(error)", "for": "\(round)"])
                }
            }
        }
    }
}

/// The API role's part: creates the topics at start (so the first `POST` finds every partition),
/// then stays until shutdown. Only shutdown ends the attempts; the consumer role creates them too.
struct SubmissionTopicsService: Service {
    let topics: SubmissionTopics
    let logger: Logger

    func run() async throws {
        do {
            try await topics.create()
        } catch {
            if !Task.isShuttingDownGracefully {
                logger.error("kafka topics not created", metadata: ["error": "\(error)"])
            }
        }
        try? await gracefulShutdown()
    }
}
