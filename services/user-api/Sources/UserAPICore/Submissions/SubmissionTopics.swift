import Kafka
import Logging
import ServiceKit
import ServiceLifecycle

/// The topics of the submissions, created at start: `USER_SUBMISSIONS_TOPIC` with
/// `USER_SUBMISSIONS_PARTITIONS` partitions, and the dead-letter topic with one. An existing topic
/// is left as it is. Retried with backoff while the broker is not reachable (up to a minute), so a
/// service started before Kafka still gets its topics; graceful shutdown stops the retries (each
/// attempt is bounded by a 5 s timeout, so shutdown is not held up for longer).
public struct SubmissionTopics: Sendable {
    let admin: KafkaTopicAdmin
    let config: SubmissionsConfig
    let logger: Logger

    public init(kafka: KafkaConfig, config: SubmissionsConfig, logger: Logger) {
        self.admin = KafkaTopicAdmin(
            brokers: kafka.brokers, clientID: "user-api-admin", timeout: .seconds(5), logger: logger)
        self.config = config
        self.logger = logger
    }

    /// Creates the topics; throws when the broker refused for a minute, or on graceful shutdown.
    public func create() async throws {
        try await cancelWhenGracefulShutdown { try await createUntilDone() }
    }

    private func createUntilDone() async throws {
        let topics = [
            KafkaTopicSpecification(name: config.topic, partitions: config.partitions),
            KafkaTopicSpecification(name: config.deadLetterTopic, partitions: 1),
        ]
        let admin = admin
        let logger = logger
        for topic in topics {
            let outcome = try await retryWithBackoff(deadline: .seconds(60)) { error, delay in
                logger.warning(
                    "kafka topic not created yet, retrying",
                    metadata: ["topic": "\(topic.name)", "error": "\(error)", "delay": "\(delay)"])
            } _: {
                try await admin.createTopic(topic)
            }
            logger.info(
                "kafka topic ready",
                metadata: ["topic": "\(topic.name)", "partitions": "\(topic.partitions)", "outcome": "\(outcome)"])
        }
    }
}

/// The API role's part: creates the topics at start (so the first `POST` finds every partition),
/// then stays until shutdown. A failure is logged, not fatal: the consumer role creates them too.
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
