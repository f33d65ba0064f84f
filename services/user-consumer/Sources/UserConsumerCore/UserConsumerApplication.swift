import Hummingbird
import Logging
import RabbitMQ
import ServiceKit

/// Builds user-consumer: its dependencies, its routes and the operational endpoints, ready to `runService()`.
/// With ``UserConsumerConfig/Role/worker`` or ``UserConsumerConfig/Role/all`` it runs the
/// ``UserIngestConsumer``.
public enum UserConsumerApplication {
    public static let name = "user-consumer"

    public static func build(_ config: UserConsumerConfig, logger: Logger) -> some ApplicationProtocol {
        var dependencies = ServiceDependencies()
        let postgres = dependencies.postgres(
            config.postgres, service: UserConsumerApplication.name, migrations: UserConsumerMigrations.all,
            logger: logger)
        dependencies.redis(config.redis)
        dependencies.rabbitMQ(config.amqp)
        if config.role.runsIngest {
            let rabbit = RabbitMQConnection(
                configuration: RabbitMQConfiguration(amqp: config.amqp, connectionName: name),
                topology: UserIngestConsumer.topology(config.ingest), logger: logger)
            let repository = PostgresUserRepository(
                client: postgres, cipher: emailCipher(config, logger: logger), logger: logger)
            dependencies.add(rabbit)
            dependencies.add(
                UserIngestConsumer(rabbit: rabbit, repository: repository, config: config.ingest, logger: logger))
        }
        return ServiceApplication.build(name: name, http: config.http, dependencies: dependencies, logger: logger)
    }

    static func emailCipher(_ config: UserConsumerConfig, logger: Logger) -> EmailCipher {
        if let key = config.emailKey { return EmailCipher(key: key) }
        logger.warning("USER_EMAIL_KEY is not set: e-mail addresses are sealed with the public development key")
        return EmailCipher(key: EmailCipher.developmentKey)
    }
}
