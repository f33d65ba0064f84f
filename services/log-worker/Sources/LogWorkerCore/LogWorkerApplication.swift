import Hummingbird
import Logging
import ServiceKit

/// Builds log-worker: its dependencies, its routes and the operational endpoints, ready to `runService()`.
public enum LogWorkerApplication {
    public static let name = "log-worker"

    public static func build(_ config: LogWorkerConfig, logger: Logger) -> some ApplicationProtocol {
        var dependencies = ServiceDependencies()
        dependencies.rabbitMQ(config.amqp)
        _ = dependencies.postgres(
            config.postgres, service: LogWorkerApplication.name, migrations: LogWorkerMigrations.all, logger: logger)
        dependencies.redis(config.redis)
        dependencies.s3(config.s3)
        return ServiceApplication.build(name: name, http: config.http, dependencies: dependencies, logger: logger)
    }
}
