import Logging
import RabbitMQ
import ServiceLifecycle

/// Stores the users of the ingest queue (flow 1: `csv-producer publish` → exchange `users` →
/// queue `users.ingest` → PostgreSQL), through the platform's ``RabbitMQBatchConsumer``.
///
/// Guarantees (those of the batch consumer, with users):
/// - A delivery is acknowledged only after its users are committed: each batch (up to
///   ``UserIngestConfig/batchSize`` messages and ``UserIngestConfig/batchMaxBytes`` bytes, or what
///   arrived within ``UserIngestConfig/batchWait``) is upserted in one transaction, then
///   acknowledged with one `ack multiple`. A crash at any point loses nothing: unacknowledged
///   deliveries come back and the upsert makes them harmless.
/// - A message that can never be stored (neither an `Envelope<UserBatch>` nor an
///   `Envelope<UserRecord>`, or a value the table cannot hold) goes to `<queue>.dead` with the
///   reason in `x-death-reason`, and is never acknowledged before it is there. A batch PostgreSQL
///   rejects for its data is split until the message at fault is found; the others are stored.
/// - After the commit and before the acknowledgement, the batch's users are written to the Redis
///   cache and their ids published on the changes channel (``UserRedisSync``: bounded in time, and a
///   Redis failure never holds up or fails the batch).
/// - While PostgreSQL is unreachable, the batch is retried with backoff (up to 5 s apart); nothing
///   is acknowledged or dropped.
/// - On graceful shutdown it takes no more deliveries, stores and acknowledges every one it
///   already received (or, while PostgreSQL is down, leaves them unacknowledged for redelivery)
///   and returns.
public struct UserIngestConsumer: Service {
    let consumer: RabbitMQBatchConsumer<UserIngestHandler>

    /// `cipher` seals the e-mail addresses (the key `repository`'s readers open them with);
    /// `redisSync` brings Redis up to date after each commit, nil leaves Redis alone.
    public init(
        rabbit: RabbitMQConnection, repository: any UserIngestStore, cipher: EmailCipher, config: UserIngestConfig,
        logger: Logger, redisSync: UserRedisSync? = nil
    ) {
        consumer = RabbitMQBatchConsumer(
            rabbit: rabbit, configuration: config.batching,
            handler: UserIngestHandler(repository: repository, cipher: cipher, redisSync: redisSync), logger: logger)
    }

    /// The exchange, work queue and dead-letter queue the consumer's connection declares, the same
    /// `csv-producer publish` declares.
    public static func topology(_ config: UserIngestConfig) -> Topology {
        Topology.workQueue(exchange: config.exchange, queue: .workQueue(config.queue))
    }

    public func run() async throws {
        try await consumer.run()
    }
}
