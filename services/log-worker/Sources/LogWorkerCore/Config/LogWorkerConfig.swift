import Redis
import ServiceKit

/// Everything log-worker reads from its environment, each variable with a documented default
/// (README, "Configuration" and "log-worker"):
/// - `HTTP_HOST`, `HTTP_PORT` (default 8084), `LOG_LEVEL`, `LOG_FORMAT`
/// - `AMQP_URL`; `POSTGRES_URL`, `POSTGRES_POOL_SIZE`; `REDIS_URL`, `REDIS_POOL_SIZE`,
///   `REDIS_CONNECT_TIMEOUT_MS`, `REDIS_COMMAND_TIMEOUT_MS`; `S3_ENDPOINT`, `S3_REGION`,
///   `S3_ACCESS_KEY_ID`, `S3_SECRET_ACCESS_KEY`, `S3_BUCKET` (default tributary)
/// - the ingest consumer's: `LOG_INGEST_EXCHANGE`, `LOG_INGEST_QUEUE`, `LOG_WORKER_BATCH_SIZE`,
///   `LOG_WORKER_BATCH_MAX_BYTES`, `LOG_WORKER_BATCH_WAIT_MS` (``LogIngestConfig``)
public struct LogWorkerConfig: Sendable {
    public static let defaultPort = 8084

    public var http: HTTPServerConfig
    public var logging: LoggingConfig
    public var amqp: AMQPConfig
    public var postgres: PostgresConfig
    public var redis: RedisConfig
    /// The pool that bumps the query-cache generation (same server as ``redis``).
    public var redisClient: RedisClientConfiguration
    public var s3: S3Config
    public var ingest: LogIngestConfig

    public init(environment: EnvironmentReader) throws(ConfigurationError) {
        self.http = try HTTPServerConfig(environment: environment, defaultPort: Self.defaultPort)
        self.logging = try LoggingConfig(environment: environment)
        self.amqp = try AMQPConfig(environment: environment)
        self.postgres = try PostgresConfig(environment: environment)
        self.redis = try RedisConfig(environment: environment)
        self.redisClient = try LogIngestConfig.redisClient(environment: environment)
        self.s3 = try S3Config(environment: environment, defaultBucket: "tributary")
        self.ingest = try LogIngestConfig(environment: environment)
    }
}
