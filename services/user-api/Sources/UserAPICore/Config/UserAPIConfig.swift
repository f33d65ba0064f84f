import ServiceKit

/// Everything user-api reads from its environment, each variable with a documented default
/// (README, "Configuration"):
/// - `HTTP_HOST`, `HTTP_PORT` (default 8082), `LOG_LEVEL`, `LOG_FORMAT`
/// - `POSTGRES_URL`, `POSTGRES_POOL_SIZE`; `REDIS_URL`; `ELASTICSEARCH_URL`; `KAFKA_BROKERS`
public struct UserAPIConfig: Sendable {
    public static let defaultPort = 8082

    public var http: HTTPServerConfig
    public var logging: LoggingConfig
    public var postgres: PostgresConfig
    public var redis: RedisConfig
    public var elasticsearch: ElasticsearchConfig
    public var kafka: KafkaConfig

    public init(environment: EnvironmentReader) throws(ConfigurationError) {
        self.http = try HTTPServerConfig(environment: environment, defaultPort: Self.defaultPort)
        self.logging = try LoggingConfig(environment: environment)
        self.postgres = try PostgresConfig(environment: environment)
        self.redis = try RedisConfig(environment: environment)
        self.elasticsearch = try ElasticsearchConfig(environment: environment)
        self.kafka = try KafkaConfig(environment: environment)
    }
}
