import Hummingbird
import Logging
import Redis
import ServiceKit

/// Builds query-service: its dependencies, its routes and the operational endpoints, ready to `runService()`.
///
/// `/health/ready` checks PostgreSQL only: Redis holds a cache of derived answers, and while it is
/// down every query is answered from PostgreSQL, so an instance without Redis is still ready
/// (`query_cache_errors_total` in `/metrics` shows the outage).
public enum QueryServiceApplication {
    public static let name = "query-service"

    public static func build(_ config: QueryServiceConfig, logger: Logger) -> some ApplicationProtocol {
        var dependencies = ServiceDependencies()
        let postgres = dependencies.postgres(
            config.postgres, service: QueryServiceApplication.name, migrations: QueryServiceMigrations.all,
            logger: logger)
        let redis = RedisConnectionPool(configuration: config.redis, logger: logger)
        dependencies.add(redis)
        let router = buildRouter(
            reads: PostgresLogReads(client: postgres, logger: logger),
            cache: RedisQueryCache(
                redis: redis, ttlSeconds: config.cacheTTLSeconds, metrics: QueryCacheMetrics(), logger: logger),
            queryTimeout: config.queryTimeout, readiness: ReadinessChecker(checks: dependencies.checks), logger: logger)
        var app = Application(
            router: router,
            configuration: .init(address: .hostname(config.http.host, port: config.http.port), serverName: name),
            services: dependencies.services, logger: logger)
        for task in dependencies.startupTasks {
            app.beforeServerStarts(perform: task)
        }
        return app
    }
}
