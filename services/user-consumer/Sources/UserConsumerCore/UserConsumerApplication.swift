import Hummingbird
import Logging
import ServiceKit

/// Builds user-consumer: its dependencies, its routes and the operational endpoints, ready to `runService()`.
public enum UserConsumerApplication {
    public static let name = "user-consumer"

    public static func build(_ config: UserConsumerConfig, logger: Logger) -> some ApplicationProtocol {
        var dependencies = ServiceDependencies()
        _ = dependencies.postgres(
            config.postgres, service: UserConsumerApplication.name, migrations: UserConsumerMigrations.all,
            logger: logger)
        dependencies.redis(config.redis)
        dependencies.rabbitMQ(config.amqp)
        return ServiceApplication.build(name: name, http: config.http, dependencies: dependencies, logger: logger)
    }
}
