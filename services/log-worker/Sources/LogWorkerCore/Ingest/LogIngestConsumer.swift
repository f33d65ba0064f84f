import Logging
import RabbitMQ
import Redis
import ServiceLifecycle

/// Stores the logs of the ingest queue (flow 2: log-api → exchange `logs` → queue `logs.ingest` →
/// PostgreSQL), through the platform's ``RabbitMQBatchConsumer``.
///
/// Guarantees (those of the batch consumer, with logs):
/// - A delivery is acknowledged only after its records are committed: each batch (up to
///   ``LogIngestConfig/batchSize`` messages and ``LogIngestConfig/batchMaxBytes`` bytes, or what
///   arrived within ``LogIngestConfig/batchWait``) is inserted with one statement, `ON CONFLICT
///   (id) DO NOTHING`, then acknowledged with one `ack multiple`. A crash at any point loses
///   nothing: unacknowledged deliveries come back and the insert skips what is already stored.
/// - After each commit, and before the acknowledgement, the query-cache generation is bumped in
///   Redis (``QueryCacheGeneration``); a Redis failure never fails or holds up the batch.
/// - A message that can never be stored (neither an `Envelope<LogBatch>` with at least one record
///   nor an `Envelope<LogRecord>`, or a value PostgreSQL refuses) goes to `<queue>.dead` with the
///   reason in `x-death-reason`, and is acknowledged only once it is there. A batch PostgreSQL
///   rejects for its data is split until the message at fault is found; the others are stored.
/// - While PostgreSQL is unreachable, the batch is retried with backoff (up to 5 s apart); nothing
///   is acknowledged or dropped.
/// - Several consumers (in one process or many) may share the queue: the broker gives each
///   message to one of them, and a message redelivered to another after a crash is stored once.
/// - On graceful shutdown it takes no more deliveries, stores and acknowledges every one it
///   already received (or, while PostgreSQL is down, leaves them unacknowledged for redelivery)
///   and returns.
public struct LogIngestConsumer: Service {
    let consumer: RabbitMQBatchConsumer<LogIngestHandler>

    public init(
        rabbit: RabbitMQConnection, store: any LogStore, redis: any RedisCommandSending,
        config: LogIngestConfig, logger: Logger
    ) {
        let metrics = LogIngestMetrics(queue: config.queue)
        let handler = LogIngestHandler(
            store: store,
            generation: QueryCacheGeneration(redis: redis, metrics: metrics, logger: logger),
            metrics: metrics)
        consumer = RabbitMQBatchConsumer(
            rabbit: rabbit, configuration: config.batching, handler: handler, logger: logger)
    }

    public func run() async throws {
        try await consumer.run()
    }
}
