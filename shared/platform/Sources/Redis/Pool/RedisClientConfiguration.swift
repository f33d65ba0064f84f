import ServiceKit

/// How the Redis client connects: the server (`REDIS_URL`, read by ServiceKit's ``RedisConfig``),
/// the pool size and the timeouts.
///
/// Every service builds it the same way, ``init(environment:defaults:)``, from these variables; only
/// the defaults are the service's own (``Defaults``: a cache that must not hold up a request wants
/// short timeouts):
/// - `REDIS_POOL_SIZE` (default 8, 1…1024): connections the pool opens at most. Commands are
///   pipelined, so a connection carries many at once; a few connections per process are enough.
/// - `REDIS_CONNECT_TIMEOUT_MS` (default 5000, 1…600000): how long opening a connection may take.
/// - `REDIS_COMMAND_TIMEOUT_MS` (default 5000, 1…600000): how long a command (or a whole pipeline)
///   may wait for its reply before it fails with `commandTimedOut`.
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

    /// What a service's Redis pool uses when the variables are not set.
    public struct Defaults: Sendable, Equatable {
        public var poolSize: Int
        public var connectTimeout: Duration
        public var commandTimeout: Duration

        public init(
            poolSize: Int = RedisClientConfiguration.defaultPoolSize, connectTimeout: Duration = .seconds(5),
            commandTimeout: Duration = .seconds(5)
        ) {
            self.poolSize = poolSize
            self.connectTimeout = connectTimeout
            self.commandTimeout = commandTimeout
        }

        /// Both timeouts `timeout`: for a cache, the longest one Redis step may hold up the caller.
        public static func cache(
            timeout: Duration, poolSize: Int = RedisClientConfiguration.defaultPoolSize
        )
            -> Defaults
        {
            Defaults(poolSize: poolSize, connectTimeout: timeout, commandTimeout: timeout)
        }
    }

    /// The one way services read their Redis pool's settings: `REDIS_URL`, `REDIS_POOL_SIZE`,
    /// `REDIS_CONNECT_TIMEOUT_MS` and `REDIS_COMMAND_TIMEOUT_MS`, each falling back to `defaults`.
    public init(environment: EnvironmentReader, defaults: Defaults = Defaults()) throws(ConfigurationError) {
        self.init(
            endpoint: try RedisConfig(environment: environment).endpoint,
            poolSize: try environment.int("REDIS_POOL_SIZE", default: defaults.poolSize, in: 1...1024),
            connectTimeout: try environment.milliseconds(
                "REDIS_CONNECT_TIMEOUT_MS", default: defaults.connectTimeout, in: 1...600_000),
            commandTimeout: try environment.milliseconds(
                "REDIS_COMMAND_TIMEOUT_MS", default: defaults.commandTimeout, in: 1...600_000))
    }
}
