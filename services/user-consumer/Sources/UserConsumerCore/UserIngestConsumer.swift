import Contracts
import Foundation
import Logging
import RabbitMQ
import ServiceLifecycle

/// Stores the users of the ingest queue (flow 1: `csv-producer publish` → exchange `users` →
/// queue `users.ingest` → PostgreSQL).
///
/// Guarantees:
/// - A delivery is acknowledged only after its user is committed: each batch (up to
///   ``UserIngestConfig/batchSize`` deliveries, or what arrived within ``UserIngestConfig/batchWait``)
///   is upserted in one transaction, then acknowledged with one `ack multiple`. A crash at any
///   point loses nothing: unacknowledged deliveries come back and the upsert makes them harmless.
/// - A message that can never be stored (not an `Envelope<UserRecord>`, or a value PostgreSQL
///   cannot hold) goes to `<queue>.dead` with the reason in `x-death-reason`, and is never
///   acknowledged before it is there.
/// - After the commit and before the acknowledgement, the batch's users are written to the Redis
///   cache and their ids published on the changes channel (``UserRedisSync``: bounded in time, and a
///   Redis failure never holds up or fails the batch).
/// - While PostgreSQL fails, the batch is retried with backoff (up to 5 s apart); nothing is
///   acknowledged or dropped.
/// - On graceful shutdown it takes no more deliveries, finishes the batch in hand (or, while
///   PostgreSQL is down, leaves it unacknowledged for redelivery) and returns.
public struct UserIngestConsumer: Service {
    let rabbit: RabbitMQConnection
    let repository: any UserRepository
    let config: UserIngestConfig
    let logger: Logger
    /// Brings Redis up to date after each commit; nil leaves Redis alone.
    let redisSync: UserRedisSync?

    public init(
        rabbit: RabbitMQConnection, repository: any UserRepository, config: UserIngestConfig, logger: Logger,
        redisSync: UserRedisSync? = nil
    ) {
        self.rabbit = rabbit
        self.repository = repository
        self.config = config
        self.logger = logger
        self.redisSync = redisSync
    }

    /// The exchange, work queue and dead-letter queue the consumer's connection declares, the same
    /// `csv-producer publish` declares.
    public static func topology(_ config: UserIngestConfig) -> Topology {
        Topology.workQueue(exchange: config.exchange, queue: .workQueue(config.queue))
    }

    public func run() async throws {
        let consumer = rabbit.consume(queue: config.queue, prefetch: config.prefetch)
        let buffer = DeliveryBuffer()
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask {
                do {
                    for try await delivery in consumer { await buffer.append(delivery) }
                    await buffer.finish(throwing: nil)
                } catch {
                    await buffer.finish(throwing: error)
                }
            }
            try await withGracefulShutdownHandler {
                while true {
                    let batch = try await buffer.take(limit: config.batchSize, wait: config.batchWait)
                    if batch.isEmpty || Task.isShuttingDownGracefully { break }
                    await store(batch, from: consumer)
                }
            } onGracefulShutdown: {
                consumer.cancel()
            }
            consumer.cancel()
            group.cancelAll()
        }
    }

    /// Dead-letters what can never be stored, upserts the rest, then acknowledges.
    func store(_ batch: [RabbitMQDelivery], from consumer: RabbitMQConsumer) async {
        var users: [IngestedUser] = []
        var stored: [RabbitMQDelivery] = []
        var kept: [RabbitMQDelivery] = []  // undecodable, but not dead-lettered: must not be acked
        for delivery in batch {
            switch Self.decode(delivery) {
            case .success(let user):
                users.append(user)
                stored.append(delivery)
            case .failure(let error):
                do {
                    try await consumer.deadLetter(delivery, reason: error.description)
                    logger.warning(
                        "dead-lettered a user message",
                        metadata: ["message_id": "\(delivery.messageID ?? "-")", "reason": "\(error)"])
                } catch {
                    logger.error(
                        "cannot dead-letter a user message; it stays unacknowledged",
                        metadata: ["message_id": "\(delivery.messageID ?? "-")", "error": "\(error)"])
                    kept.append(delivery)
                }
            }
        }
        guard let last = stored.last, let committed = await upsert(users) else { return }
        await redisSync?.committed(committed)
        if kept.isEmpty, (try? consumer.ack(last, multiple: true)) != nil { return }
        // Some deliveries must stay unacknowledged, or the channel changed during the batch: ack
        // one by one (those of a closed channel come back and are stored again, harmlessly).
        for delivery in stored { try? consumer.ack(delivery) }
        for delivery in kept { try? consumer.nack(delivery, requeue: true) }
    }

    /// Upserts `users`, retrying with backoff while it fails; the users as committed, or nil when
    /// shutdown came first.
    func upsert(_ users: [IngestedUser]) async -> [StoredUser]? {
        var delay = Duration.milliseconds(100)
        while true {
            do {
                return try await repository.upsert(users)
            } catch {
                logger.warning(
                    "cannot store users, retrying", metadata: ["error": "\(error)", "delay": "\(delay)"])
                let pause = delay
                try? await cancelWhenGracefulShutdown { try await Task.sleep(for: pause) }
                if Task.isShuttingDownGracefully || Task.isCancelled { return nil }
                delay = min(delay * 2, .seconds(5))
            }
        }
    }

    /// The user in `delivery`, or why it can never be stored.
    static func decode(_ delivery: RabbitMQDelivery) -> Result<IngestedUser, ContractError> {
        do {
            let envelope = try ContractCoding.decode(Envelope<UserRecord>.self, from: Data(delivery.body))
            try validate(envelope.payload)
            return .success(
                IngestedUser(record: envelope.payload, messageID: envelope.messageID.uuidString.lowercased()))
        } catch {
            return .failure(error)
        }
    }

    /// Unix seconds PostgreSQL's `timestamptz` holds: the years 0001 to 9999.
    static let storableSeconds: ClosedRange<Int64> = -62_135_596_800...253_402_300_799

    /// Rejects the values the `users` table cannot hold, which would otherwise fail the whole batch.
    static func validate(_ user: UserRecord) throws(ContractError) {
        let times: [(String, Int64?)] = [
            ("created_at", user.createdAt), ("deleted_at", user.deletedAt), ("merged_at", user.mergedAt),
        ]
        for (field, value) in times {
            if let value, !storableSeconds.contains(value) {
                throw ContractError(
                    path: "payload.\(field)",
                    reason: .unexpectedValue(expected: "Unix seconds in the years 0001 to 9999", found: "\(value)"))
            }
        }
        let texts = [
            ("first_name", user.firstName), ("last_name", user.lastName), ("email_address", user.emailAddress),
        ]
        for (field, value) in texts where value.utf8.contains(0) {
            throw ContractError(
                path: "payload.\(field)",
                reason: .unexpectedValue(expected: "text without NUL characters", found: "a NUL character"))
        }
        if user.parentUserID == PostgresUserRepository.none {
            throw ContractError(
                path: "payload.parent_user_id",
                reason: .unexpectedValue(expected: "a user id", found: "\(Int64.min)"))
        }
    }
}
