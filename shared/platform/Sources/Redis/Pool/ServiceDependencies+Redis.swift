import Logging
import ServiceKit

extension ServiceDependencies {
    /// The service's Redis pool, made the one way every service makes it: from `configuration`
    /// (``RedisClientConfiguration/init(environment:defaults:)``), run in the ServiceGroup (its
    /// connections close on graceful shutdown), and checked by `PING` in `/health/ready` with `role`
    /// (a cache is ``DependencyRole/derived``).
    public mutating func redisPool(
        _ configuration: RedisClientConfiguration, role: DependencyRole, logger: Logger
    ) -> RedisConnectionPool {
        let pool = RedisConnectionPool(configuration: configuration, logger: logger)
        add(pool)
        redis(RedisConfig(endpoint: configuration.endpoint), role: role)
        return pool
    }
}
