import ServiceKit

/// Everything log-api reads from its environment, each variable with a documented default
/// (README, "Configuration"):
/// - `HTTP_HOST`, `HTTP_PORT` (default 8083), `LOG_LEVEL`, `LOG_FORMAT`
/// - `AMQP_URL`; the log ingest variables of ``LogIntakeConfig`` (`LOG_INGEST_EXCHANGE`, `LOG_INGEST_QUEUE`,
///   `LOG_MAX_BODY_BYTES`, `LOG_MAX_RECORDS`, `LOG_MESSAGE_MAX_RECORDS`, `LOG_PUBLISH_TIMEOUT_MS`,
///   `LOG_AMQP_CONNECTIONS`)
/// - `POSTGRES_URL`, `POSTGRES_POOL_SIZE`; `REDIS_URL`; `S3_ENDPOINT`, `S3_REGION`, `S3_ACCESS_KEY_ID`, `S3_SECRET_ACCESS_KEY`, `S3_BUCKET` (default tributary)
public struct LogAPIConfig: Sendable {
    public static let defaultPort = 8083

    public var http: HTTPServerConfig
    public var logging: LoggingConfig
    public var amqp: AMQPConfig
    public var ingest: LogIntakeConfig
    public var postgres: PostgresConfig
    public var redis: RedisConfig
    public var s3: S3Config

    public init(environment: EnvironmentReader) throws(ConfigurationError) {
        self.http = try HTTPServerConfig(environment: environment, defaultPort: Self.defaultPort)
        self.logging = try LoggingConfig(environment: environment)
        self.amqp = try AMQPConfig(environment: environment)
        self.ingest = try LogIntakeConfig(environment: environment)
        self.postgres = try PostgresConfig(environment: environment)
        self.redis = try RedisConfig(environment: environment)
        self.s3 = try S3Config(environment: environment, defaultBucket: "tributary")
    }
}
