import Foundation
import Kafka
import Logging
import Redis
import ServiceKit
import ServiceLifecycle

/// The consumer of topic `user-submissions` (`ROLE=consumer` or `all`): a member of group
/// `USER_SUBMISSIONS_GROUP`; replicas share the topic's partitions.
///
/// For each message: every user is checked (``SubmittedUserRules``, all problems collected), then
/// one transaction stores the valid ones, records the errors and moves the submission on
/// (``PostgresSubmissionStore/apply(_:valid:errors:)``); after the commit the age-groups generation
/// is bumped, and only then is the offset committed.
///
/// Guarantees:
/// - An offset is committed only after the database commit: a crash before it delivers the
///   message again, and applying it again changes nothing (the transaction records the message).
/// - A message that is not a submission message goes to the dead-letter topic with the reason in
///   its `reason` header (and its origin in `topic`, `partition`, `offset`), then is committed.
///   So does one whose data PostgreSQL refuses outright (a data exception can never pass).
/// - Any other failure (PostgreSQL or Kafka down) is retried with backoff (100 ms doubling to 5 s),
///   never dropped or committed; on graceful shutdown the message in hand is left uncommitted.
/// - The topics are created (``SubmissionTopics``) before the group is joined.
/// - `USER_SUBMISSIONS_CONSUMER_CONCURRENCY` lanes apply messages of different partitions at once;
///   one partition's messages stay in order, each committed after its own transaction.
public struct SubmissionConsumer: Service {
    let kafka: KafkaConfig
    let config: SubmissionsConfig
    let store: PostgresSubmissionStore
    let ageGroupsCache: RedisGenerationCache
    let logger: Logger

    public init(
        kafka: KafkaConfig, config: SubmissionsConfig, store: PostgresSubmissionStore,
        ageGroupsCache: RedisGenerationCache, logger: Logger
    ) {
        self.kafka = kafka
        self.config = config
        self.store = store
        self.ageGroupsCache = ageGroupsCache
        self.logger = logger
    }

    public func run() async throws {
        do {
            try await SubmissionTopics(kafka: kafka, config: config, logger: logger).create()
        } catch  where Task.isShuttingDownGracefully {
            return
        }
        var consumerConfiguration = KafkaConsumerConfiguration(kafka, groupID: config.group, topics: [config.topic])
        consumerConfiguration.clientID = "user-api-submissions"
        consumerConfiguration.offsetReset = .earliest
        consumerConfiguration.sessionTimeout = config.sessionTimeout
        // Messages reach 1 MB: a few in hand are enough to keep the database busy.
        consumerConfiguration.bufferCapacity = 16
        let consumer = try KafkaConsumer(configuration: consumerConfiguration, logger: logger)
        var producerConfiguration = KafkaProducerConfiguration(kafka)
        producerConfiguration.clientID = "user-api-dead-letters"
        let deadLetters = try KafkaProducer(configuration: producerConfiguration, logger: logger)
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await consumer.run() }
            group.addTask { try await deadLetters.run() }
            try await consume(consumer, deadLetters: deadLetters)
            try await group.waitForAll()
        }
    }

    /// Reads the messages and hands each to the lane of its partition (`partition % lanes`): a
    /// partition's messages are applied and committed in order by one lane, while the lanes of
    /// other partitions apply theirs at the same time. Each lane holds at most two messages
    /// waiting, so memory stays bounded whatever the backlog.
    private func consume(_ consumer: KafkaConsumer, deadLetters: KafkaProducer) async throws {
        let queues = (0..<config.consumerConcurrency).map { _ in LaneQueue<KafkaMessage>(capacity: 2) }
        try await withThrowingTaskGroup(of: Void.self) { group in
            for queue in queues {
                group.addTask {
                    while let message = await queue.take() {
                        await process(message, consumer: consumer, deadLetters: deadLetters)
                    }
                }
            }
            do {
                for try await message in consumer.messages {
                    await queues[Int(message.partition) % queues.count].put(message)
                }
            } catch {
                for queue in queues { await queue.finish() }
                throw error
            }
            for queue in queues { await queue.finish() }
            try await group.waitForAll()
        }
    }

    private func process(_ message: KafkaMessage, consumer: KafkaConsumer, deadLetters: KafkaProducer) async {
        guard await handle(message, deadLetters: deadLetters) else { return }
        do {
            try await consumer.commit(message)
        } catch {
            // Lost in a rebalance: the partition's new owner gets the message again (a no-op).
            logger.warning(
                "offset not committed", metadata: ["partition": "\(message.topicPartition)", "error": "\(error)"])
        }
    }

    /// Applies (or dead-letters) one message; false when it must not be committed (shutdown).
    func handle(_ message: KafkaMessage, deadLetters: KafkaProducer) async -> Bool {
        let decoded: SubmissionMessage
        do {
            decoded = try SubmissionMessage.decode(message.value)
        } catch {
            return await deadLetter(message, reason: error.description, producer: deadLetters)
        }
        var valid: [(index: Int, user: SubmittedUser)] = []
        var errors: [SubmissionRecordError] = []
        for (offset, json) in decoded.users.enumerated() {
            let index = decoded.firstIndex + offset
            switch SubmittedUserRules.check(json, index: index) {
            case .valid(let user): valid.append((index, user))
            case .invalid(let found): errors.append(contentsOf: found)
            }
        }
        let store = store
        let outcome: SubmissionApplyOutcome?
        do {
            outcome = try await retrying("apply submission message \(decoded.slug)/\(decoded.part)") {
                try await store.apply(decoded, valid: valid, errors: errors)
            }
        } catch {
            return await deadLetter(
                message, reason: "PostgreSQL refused the message: \(PostgresFailure.describe(error))",
                producer: deadLetters)
        }
        guard let outcome else { return false }
        switch outcome {
        case .applied(let status, let stored, let rejected):
            SubmissionMetrics.applied.increment()
            SubmissionMetrics.stored.increment(by: Int64(stored))
            SubmissionMetrics.rejected.increment(by: Int64(rejected))
            do {
                try await ageGroupsCache.bump()
            } catch {
                logger.warning("age-groups generation not bumped", metadata: ["error": "\(error)"])
            }
            logger.debug(
                "submission message applied",
                metadata: [
                    "slug": "\(decoded.slug)", "part": "\(decoded.part)", "status": "\(status.rawValue)",
                    "stored": "\(stored)", "rejected": "\(rejected)",
                ])
        case .alreadyApplied:
            SubmissionMetrics.redelivered.increment()
        case .ignored(let reason):
            SubmissionMetrics.ignored.increment()
            logger.warning("submission message ignored", metadata: ["slug": "\(decoded.slug)", "reason": "\(reason)"])
        }
        return true
    }

    /// Sends the message to the dead-letter topic (retried like any transient failure); false
    /// when shutdown came first.
    private func deadLetter(_ message: KafkaMessage, reason: String, producer: KafkaProducer) async -> Bool {
        logger.error(
            "submission message dead-lettered",
            metadata: ["partition": "\(message.topicPartition)", "offset": "\(message.offset)", "reason": "\(reason)"])
        let record = KafkaProducerMessage(
            topic: config.deadLetterTopic, key: message.key, value: message.value,
            headers: [
                KafkaHeader(name: "reason", value: reason), KafkaHeader(name: "topic", value: message.topic),
                KafkaHeader(name: "partition", value: "\(message.partition)"),
                KafkaHeader(name: "offset", value: "\(message.offset)"),
            ])
        let sent = try? await retrying("dead-letter a message") { () async throws -> Bool in
            _ = try await producer.send(record)
            return true
        }
        guard sent == true else { return false }
        SubmissionMetrics.deadLettered.increment()
        return true
    }

    /// Runs `operation` until it succeeds, with backoff; nil when shutdown came first. A PostgreSQL
    /// data exception is thrown at once (it would fail again).
    private func retrying<T: Sendable>(_ what: String, _ operation: () async throws -> T) async throws -> T? {
        var delay = Duration.milliseconds(100)
        while true {
            do {
                return try await operation()
            } catch  where PostgresFailure.rejectsData(error) {
                throw error
            } catch {
                SubmissionMetrics.applyFailures.increment()
                logger.warning(
                    "retrying", metadata: ["what": "\(what)", "error": "\(error)", "delay": "\(delay)"])
                if Task.isCancelled || Task.isShuttingDownGracefully { return nil }
                try? await Task.sleep(for: delay)
                delay = min(delay * 2, .seconds(5))
            }
        }
    }
}
