import Hummingbird
import Logging
import ServiceKit

/// Builds user-api: its dependencies, its routes and the operational endpoints, ready to `runService()`.
public enum UserAPIApplication {
    public static let name = "user-api"

    public static func build(_ config: UserAPIConfig, logger: Logger) -> some ApplicationProtocol {
        var dependencies = ServiceDependencies()
        _ = dependencies.postgres(
            config.postgres, service: UserAPIApplication.name, migrations: UserAPIMigrations.all, logger: logger)
        dependencies.redis(config.redis)
        dependencies.elasticsearch(config.elasticsearch)
        dependencies.kafka(config.kafka)
        return ServiceApplication.build(name: name, http: config.http, dependencies: dependencies, logger: logger)
    }
}
