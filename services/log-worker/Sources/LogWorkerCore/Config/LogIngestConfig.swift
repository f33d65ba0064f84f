import Foundation
import RabbitMQ
import Redis
import ServiceKit

/// Where the ingest consumer reads log batches, how it batches them, and how it reaches Redis for
/// the query-cache generation. Each variable has a documented default (README, "log-worker"):
/// - `LOG_INGEST_EXCHANGE` (`logs`): the direct exchange log-api publishes to;
/// - `LOG_INGEST_QUEUE` (`logs.ingest`): the work queue, also the routing key; its dead letters go
///   to `<queue>.dead`;
/// - `LOG_WORKER_BATCH_SIZE` (200, 1…10000): the most messages stored in one transaction (log-api
///   puts up to 500 records in one message);
/// - `LOG_WORKER_BATCH_MAX_BYTES` (4 MiB): the most message bytes stored in one transaction;
/// - `LOG_WORKER_BATCH_WAIT_MS` (50): how long a batch waits for more messages after its first;
/// - `REDIS_POOL_SIZE` (2), `REDIS_CONNECT_TIMEOUT_MS` (250), `REDIS_COMMAND_TIMEOUT_MS` (250): the
///   pool that bumps the generation; short timeouts, because a batch waits for the bump before it
///   is acknowledged, and the bump is worth less than a stalled queue.
public struct LogIngestConfig: Sendable, Equatable {
    public static let defaultBatchSize = 200
    public static let defaultBatchMaxBytes = 4 << 20
    public static let defaultBatchWait = Duration.milliseconds(50)
    public static let defaultRedisTimeout = Duration.milliseconds(250)

    public var exchange: String
    /// The work queue; also the routing key, as log-api publishes.
    public var queue: String
    public var batchSize: Int
    public var batchMaxBytes: Int
    public var batchWait: Duration

    public init(
        exchange: String = "logs", queue: String = "logs.ingest", batchSize: Int = Self.defaultBatchSize,
        batchMaxBytes: Int = Self.defaultBatchMaxBytes, batchWait: Duration = Self.defaultBatchWait
    ) {
        self.exchange = exchange
        self.queue = queue
        self.batchSize = batchSize
        self.batchMaxBytes = batchMaxBytes
        self.batchWait = batchWait
    }

    public init(environment: EnvironmentReader) throws(ConfigurationError) {
        self.init(
            exchange: environment.string("LOG_INGEST_EXCHANGE", default: "logs"),
            queue: environment.string("LOG_INGEST_QUEUE", default: "logs.ingest"),
            batchSize: try environment.int("LOG_WORKER_BATCH_SIZE", default: Self.defaultBatchSize, in: 1...10_000),
            batchMaxBytes: try environment.int(
                "LOG_WORKER_BATCH_MAX_BYTES", default: Self.defaultBatchMaxBytes, in: 1_024...(256 << 20)),
            batchWait: try environment.milliseconds(
                "LOG_WORKER_BATCH_WAIT_MS", default: Self.defaultBatchWait, in: 0...60_000))
    }

    /// The batching of the shared consumer.
    public var batching: BatchConsumerConfiguration {
        // Two batches at once, stored concurrently: logs are inserts of unique ids (ON CONFLICT DO
        // NOTHING), so their commit order does not matter, and two inserting backends use both cores.
        BatchConsumerConfiguration(
            queue: queue, maxDeliveries: batchSize, maxBytes: batchMaxBytes, maxWait: batchWait, concurrentBatches: 2,
            orderedStores: false)
    }

    /// The exchange, work queue and dead-letter queue, the same log-api declares.
    public var topology: Topology {
        Topology.workQueue(exchange: exchange, queue: .workQueue(queue))
    }

    /// log-worker's defaults for the Redis pool that bumps the generation (the variables are read
    /// by ``RedisClientConfiguration/init(environment:defaults:)``): 2 connections, 250 ms timeouts.
    public static let redisDefaults = RedisClientConfiguration.Defaults.cache(
        timeout: defaultRedisTimeout, poolSize: 2)
}
