import Hummingbird
import Logging
import ServiceKit

/// Builds user-api: its dependencies, its routes and the operational endpoints, ready to `runService()`.
///
/// Readiness: PostgreSQL (the users) and Kafka (the submissions to work on) are required; Redis (a
/// cache) and Elasticsearch (a search index built from PostgreSQL) are derived: without either the
/// service is `degraded`, not out of the load balancer.
public enum UserAPIApplication {
    public static let name = "user-api"

    public static func build(_ config: UserAPIConfig, logger: Logger) -> some ApplicationProtocol {
        var dependencies = ServiceDependencies()
        _ = dependencies.postgres(
            config.postgres, service: UserAPIApplication.name, migrations: UserAPIMigrations.all, logger: logger)
        dependencies.redis(config.redis, role: .derived)
        dependencies.elasticsearch(config.elasticsearch, role: .derived)
        dependencies.kafka(config.kafka)
        return ServiceApplication.build(
            name: name, http: config.http, dependencies: dependencies, logger: logger,
            router: buildRouter(readiness: ReadinessChecker(checks: dependencies.checks)))
    }
}
