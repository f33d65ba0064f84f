import ObjectStore
import Redis
import ServiceKit

/// Everything log-worker reads from its environment, each variable with a documented default
/// (README, "Configuration" and "log-worker"):
/// - `HTTP_HOST`, `HTTP_PORT` (default 8084), `LOG_LEVEL`, `LOG_FORMAT`
/// - `AMQP_URL`; `POSTGRES_URL`, `POSTGRES_POOL_SIZE`; `REDIS_URL`, `REDIS_POOL_SIZE`,
///   `REDIS_CONNECT_TIMEOUT_MS`, `REDIS_COMMAND_TIMEOUT_MS` (log-worker's defaults: 2 connections,
///   250 ms timeouts)
/// - the ingest consumer's: `LOG_INGEST_EXCHANGE`, `LOG_INGEST_QUEUE`, `LOG_WORKER_BATCH_SIZE`,
///   `LOG_WORKER_BATCH_MAX_BYTES`, `LOG_WORKER_BATCH_WAIT_MS` (``LogIngestConfig``)
/// - the file processing's: `FILE_EXCHANGE`, `FILE_QUEUE`, `FILE_CONCURRENCY`, `FILE_BATCH_SIZE`,
///   `FILE_BATCH_MAX_BYTES`, `FILE_MAX_RECORD_BYTES`, `FILE_MAX_ERRORS`, `FILE_PROGRESS_INTERVAL_MS`,
///   `FILE_EVENTS_CHANNEL` (``FileProcessingConfig``)
/// - the object store of the uploads: `S3_ENDPOINT`, `S3_REGION`, `S3_ACCESS_KEY_ID`,
///   `S3_SECRET_ACCESS_KEY`, `S3_BUCKET` (default `tributary-uploads`) and the other variables of
///   ``ObjectStoreConfiguration/init(environment:defaultBucket:)``
public struct LogWorkerConfig: Sendable {
    public static let defaultPort = 8084

    public var http: HTTPServerConfig
    public var logging: LoggingConfig
    public var amqp: AMQPConfig
    public var postgres: PostgresConfig
    /// The pool that bumps the query-cache generation.
    public var redis: RedisClientConfiguration
    public var ingest: LogIngestConfig
    public var files: FileProcessingConfig
    /// Where the uploaded files are (the bucket log-api uploads to).
    public var objectStore: ObjectStoreConfiguration

    public init(environment: EnvironmentReader) throws(ConfigurationError) {
        self.http = try HTTPServerConfig(environment: environment, defaultPort: Self.defaultPort)
        self.logging = try LoggingConfig(environment: environment)
        self.amqp = try AMQPConfig(environment: environment)
        self.postgres = try PostgresConfig(environment: environment)
        self.redis = try RedisClientConfiguration(environment: environment, defaults: LogIngestConfig.redisDefaults)
        self.ingest = try LogIngestConfig(environment: environment)
        self.files = try FileProcessingConfig(environment: environment)
        self.objectStore = try ObjectStoreConfiguration(
            environment: environment, defaultBucket: FileProcessingConfig.defaultBucket)
    }
}
