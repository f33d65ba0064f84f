import ServiceKit

/// Everything user-consumer reads from its environment, each variable with a documented default
/// (README, "Configuration"):
/// - `HTTP_HOST`, `HTTP_PORT` (default 8081), `LOG_LEVEL`, `LOG_FORMAT`
/// - `POSTGRES_URL`, `POSTGRES_POOL_SIZE`; `REDIS_URL`; `AMQP_URL`
public struct UserConsumerConfig: Sendable {
    public static let defaultPort = 8081

    public var http: HTTPServerConfig
    public var logging: LoggingConfig
    public var postgres: PostgresConfig
    public var redis: RedisConfig
    public var amqp: AMQPConfig

    public init(environment: EnvironmentReader) throws(ConfigurationError) {
        self.http = try HTTPServerConfig(environment: environment, defaultPort: Self.defaultPort)
        self.logging = try LoggingConfig(environment: environment)
        self.postgres = try PostgresConfig(environment: environment)
        self.redis = try RedisConfig(environment: environment)
        self.amqp = try AMQPConfig(environment: environment)
    }
}
