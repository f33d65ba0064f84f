import Redis
import ServiceKit

/// Everything query-service reads from its environment, each variable with a documented default
/// (README, "query-service"):
/// - `HTTP_HOST`, `HTTP_PORT` (default 8085), `LOG_LEVEL`, `LOG_FORMAT`
/// - `POSTGRES_URL`, `POSTGRES_POOL_SIZE`
/// - `REDIS_URL`, `REDIS_POOL_SIZE`; `REDIS_CONNECT_TIMEOUT_MS` and `REDIS_COMMAND_TIMEOUT_MS`
///   default to 250 here (not 5000): the cache is optional, and a slow Redis must not hold a query
///   longer than that before it goes to PostgreSQL
/// - `QUERY_CACHE_TTL_SECONDS` (default 300, 1–86400): how long a cached answer lives
/// - `QUERY_TIMEOUT_MS` (default 5000, 100–600000): the most a request waits for PostgreSQL
///   (for a connection and its query) before it answers 503
public struct QueryServiceConfig: Sendable {
    public static let defaultPort = 8085
    public static let defaultCacheTimeout = Duration.milliseconds(250)
    public static let defaultCacheTTLSeconds = 300
    public static let defaultQueryTimeout = Duration.seconds(5)

    public var http: HTTPServerConfig
    public var logging: LoggingConfig
    public var postgres: PostgresConfig
    public var redis: RedisClientConfiguration
    public var cacheTTLSeconds: Int
    public var queryTimeout: Duration

    public init(environment: EnvironmentReader) throws(ConfigurationError) {
        self.http = try HTTPServerConfig(environment: environment, defaultPort: Self.defaultPort)
        self.logging = try LoggingConfig(environment: environment)
        self.postgres = try PostgresConfig(environment: environment)
        self.redis = try RedisClientConfiguration(
            environment: environment, defaults: .cache(timeout: Self.defaultCacheTimeout))
        self.cacheTTLSeconds = try environment.int(
            "QUERY_CACHE_TTL_SECONDS", default: Self.defaultCacheTTLSeconds, in: 1...86_400)
        self.queryTimeout = try environment.milliseconds(
            "QUERY_TIMEOUT_MS", default: Self.defaultQueryTimeout, in: 100...600_000)
    }
}
