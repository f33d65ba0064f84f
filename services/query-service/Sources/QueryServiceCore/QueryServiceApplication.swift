import Hummingbird
import Logging
import Redis
import ServiceKit

/// Builds query-service: its dependencies, its routes and the operational endpoints, ready to `runService()`.
///
/// Readiness: PostgreSQL is required; Redis holds a cache of derived answers and is derived: while
/// it is down every query is answered from PostgreSQL and the service reports `degraded` with
/// HTTP 200, so it stays in the load balancer (`query_cache_errors_total` counts the outage too).
public enum QueryServiceApplication {
    public static let name = "query-service"

    public static func build(_ config: QueryServiceConfig, logger: Logger) -> some ApplicationProtocol {
        var dependencies = ServiceDependencies()
        let postgres = dependencies.postgres(
            config.postgres, service: QueryServiceApplication.name, migrations: QueryServiceMigrations.all,
            logger: logger)
        let redis = dependencies.redisPool(config.redis, role: .derived, logger: logger)
        let router = buildRouter(
            reads: PostgresLogReads(client: postgres, logger: logger),
            cache: RedisQueryCache(
                redis: redis, ttlSeconds: config.cacheTTLSeconds, metrics: QueryCacheMetrics(), logger: logger),
            queryTimeout: config.queryTimeout, readiness: ReadinessChecker(checks: dependencies.checks), logger: logger)
        return ServiceApplication.build(
            name: name, http: config.http, dependencies: dependencies, logger: logger, router: router)
    }
}
