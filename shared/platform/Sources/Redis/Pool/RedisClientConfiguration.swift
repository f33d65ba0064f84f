import ServiceKit

/// How the Redis client connects: the server (`REDIS_URL`, read by ServiceKit's ``RedisConfig``),
/// the pool size and the timeouts.
///
/// Environment variables and defaults:
/// - `REDIS_POOL_SIZE` (default 8, 1…1024): connections the pool opens at most. Commands are
///   pipelined, so a connection carries many at once; a few connections per process are enough.
/// - `REDIS_CONNECT_TIMEOUT_MS` (default 5000): how long opening a connection may take.
/// - `REDIS_COMMAND_TIMEOUT_MS` (default 5000): how long a command (or a whole pipeline) may wait
///   for its reply before it fails with `commandTimedOut`.
public struct RedisClientConfiguration: Sendable, Equatable {
    public var endpoint: HostPort
    public var poolSize: Int
    public var connectTimeout: Duration
    public var commandTimeout: Duration

    public static let defaultPoolSize = 8

    public init(
        endpoint: HostPort, poolSize: Int = defaultPoolSize, connectTimeout: Duration = .seconds(5),
        commandTimeout: Duration = .seconds(5)
    ) {
        precondition(poolSize >= 1, "a Redis pool needs at least one connection")
        self.endpoint = endpoint
        self.poolSize = poolSize
        self.connectTimeout = connectTimeout
        self.commandTimeout = commandTimeout
    }

    public init(environment: EnvironmentReader) throws(ConfigurationError) {
        self.init(
            endpoint: try RedisConfig(environment: environment).endpoint,
            poolSize: try environment.int("REDIS_POOL_SIZE", default: Self.defaultPoolSize, in: 1...1024),
            connectTimeout: try environment.milliseconds(
                "REDIS_CONNECT_TIMEOUT_MS", default: .seconds(5), in: 1...600_000),
            commandTimeout: try environment.milliseconds(
                "REDIS_COMMAND_TIMEOUT_MS", default: .seconds(5), in: 1...600_000))
    }
}
