import Foundation
import Redis
import ServiceKit

/// Everything user-api reads from its environment, each variable with a documented default
/// (README, "Configuration"):
/// - `HTTP_HOST`, `HTTP_PORT` (default 8082), `LOG_LEVEL`, `LOG_FORMAT`
/// - `POSTGRES_URL`, `POSTGRES_POOL_SIZE`; `ELASTICSEARCH_URL`; `KAFKA_BROKERS`
/// - `REDIS_URL`, `REDIS_POOL_SIZE` (8), `REDIS_CONNECT_TIMEOUT_MS` and `REDIS_COMMAND_TIMEOUT_MS`
///   (both default to `USER_CACHE_TIMEOUT_MS`)
/// - `ROLE`: `api`, `indexer`, `consumer` or `all` (default `all`), ``Role``
/// - the users' settings, ``ManagedUsersConfig``
/// - the submissions' settings (`USER_SUBMISSIONS_*`, `KAFKA_PRODUCE_TIMEOUT_MS`,
///   `USER_AGE_GROUPS_*`), ``SubmissionsConfig``
public struct UserAPIConfig: Sendable {
    public static let defaultPort = 8082

    /// Which parts of user-api this process runs, so they scale apart.
    public enum Role: String, Sendable, CaseIterable {
        /// The HTTP API only.
        case api
        /// The indexer only (with the operational endpoints).
        case indexer
        /// The consumer of the user submissions only (with the operational endpoints); replicas
        /// share the topic's partitions (`USER_SUBMISSIONS_PARTITIONS`).
        case consumer
        /// All three.
        case all

        public var servesAPI: Bool { self == .api || self == .all }
        public var runsIndexer: Bool { self == .indexer || self == .all }
        public var runsConsumer: Bool { self == .consumer || self == .all }
        /// The API produces submissions and the consumer reads them: both need Kafka to be ready.
        public var needsKafka: Bool { servesAPI || runsConsumer }
    }

    public var http: HTTPServerConfig
    public var logging: LoggingConfig
    public var postgres: PostgresConfig
    /// The Redis pool of the user cache.
    public var redis: RedisClientConfiguration
    public var elasticsearch: ElasticsearchConfig
    public var kafka: KafkaConfig
    public var role: Role
    public var users: ManagedUsersConfig
    public var submissions: SubmissionsConfig

    public init(environment: EnvironmentReader) throws(ConfigurationError) {
        self.http = try HTTPServerConfig(environment: environment, defaultPort: Self.defaultPort)
        self.logging = try LoggingConfig(environment: environment)
        self.postgres = try PostgresConfig(environment: environment)
        self.elasticsearch = try ElasticsearchConfig(environment: environment)
        self.kafka = try KafkaConfig(environment: environment)
        self.role = try environment.choice("ROLE", default: Role.all)
        let users = try ManagedUsersConfig(environment: environment)
        self.users = users
        self.submissions = try SubmissionsConfig(environment: environment)
        self.redis = try RedisClientConfiguration(
            environment: environment, defaults: .cache(timeout: users.cacheTimeout))
    }
}
