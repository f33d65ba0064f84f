import Hummingbird
import Logging
import ServiceKit

/// Builds query-service: its dependencies, its routes and the operational endpoints, ready to `runService()`.
public enum QueryServiceApplication {
    public static let name = "query-service"

    public static func build(_ config: QueryServiceConfig, logger: Logger) -> some ApplicationProtocol {
        var dependencies = ServiceDependencies()
        _ = dependencies.postgres(
            config.postgres, service: QueryServiceApplication.name, migrations: QueryServiceMigrations.all,
            logger: logger)
        dependencies.redis(config.redis)
        return ServiceApplication.build(name: name, http: config.http, dependencies: dependencies, logger: logger)
    }
}
