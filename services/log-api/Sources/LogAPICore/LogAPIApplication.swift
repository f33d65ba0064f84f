import Hummingbird
import Logging
import ServiceKit

/// Builds log-api: its dependencies, its routes and the operational endpoints, ready to `runService()`.
public enum LogAPIApplication {
    public static let name = "log-api"

    public static func build(_ config: LogAPIConfig, logger: Logger) -> some ApplicationProtocol {
        var dependencies = ServiceDependencies()
        dependencies.rabbitMQ(config.amqp)
        _ = dependencies.postgres(
            config.postgres, service: LogAPIApplication.name, migrations: LogAPIMigrations.all, logger: logger)
        dependencies.redis(config.redis)
        dependencies.s3(config.s3)
        return ServiceApplication.build(name: name, http: config.http, dependencies: dependencies, logger: logger)
    }
}
