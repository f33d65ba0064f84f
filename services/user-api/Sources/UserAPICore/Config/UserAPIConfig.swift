import Foundation
import Redis
import ServiceKit

/// Everything user-api reads from its environment, each variable with a documented default
/// (README, "Configuration"):
/// - `HTTP_HOST`, `HTTP_PORT` (default 8082), `LOG_LEVEL`, `LOG_FORMAT`
/// - `POSTGRES_URL`, `POSTGRES_POOL_SIZE`; `ELASTICSEARCH_URL`; `KAFKA_BROKERS`
/// - `REDIS_URL`, `REDIS_POOL_SIZE` (8), `REDIS_CONNECT_TIMEOUT_MS` and `REDIS_COMMAND_TIMEOUT_MS`
///   (both default to `USER_CACHE_TIMEOUT_MS`)
/// - `ROLE`: `api`, `indexer` or `all` (default `all`), ``Role``
/// - the users' settings, ``ManagedUsersConfig``
public struct UserAPIConfig: Sendable {
    public static let defaultPort = 8082

    /// Which parts of user-api this process runs, so they scale apart.
    public enum Role: String, Sendable, CaseIterable {
        /// The HTTP API only.
        case api
        /// The indexer only (with the operational endpoints).
        case indexer
        /// Both.
        case all

        public var servesAPI: Bool { self == .api || self == .all }
        public var runsIndexer: Bool { self == .indexer || self == .all }
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

    public init(environment: EnvironmentReader) throws(ConfigurationError) {
        self.http = try HTTPServerConfig(environment: environment, defaultPort: Self.defaultPort)
        self.logging = try LoggingConfig(environment: environment)
        self.postgres = try PostgresConfig(environment: environment)
        self.elasticsearch = try ElasticsearchConfig(environment: environment)
        self.kafka = try KafkaConfig(environment: environment)
        self.role = try environment.choice("ROLE", default: Role.all)
        let users = try ManagedUsersConfig(environment: environment)
        self.users = users
        self.redis = try RedisClientConfiguration(
            environment: environment, defaults: .cache(timeout: users.cacheTimeout))
    }
}
