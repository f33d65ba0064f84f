import Hummingbird
import Logging
import RabbitMQ
import Redis
import ServiceKit

/// Builds user-consumer: its dependencies, its routes and the operational endpoints, ready to `runService()`.
/// With ``UserConsumerConfig/Role/worker`` or ``UserConsumerConfig/Role/all`` it runs the
/// ``UserIngestConsumer``; with ``UserConsumerConfig/Role/api`` or ``UserConsumerConfig/Role/all`` it
/// serves the `/users` routes (``buildRouter(store:cache:changes:subscriber:cipher:config:readiness:logger:)``).
///
/// Readiness: PostgreSQL (the users) is required, and RabbitMQ (the work) when it runs the ingest
/// consumer; Redis holds the cache and the change notices, derived data every request can do
/// without, so without it the service is `degraded` (200) and only `follow=true` answers 503.
public enum UserConsumerApplication {
    public static let name = "user-consumer"

    public static func build(_ config: UserConsumerConfig, logger: Logger) -> some ApplicationProtocol {
        var dependencies = ServiceDependencies()
        let postgres = dependencies.postgres(
            config.postgres, service: UserConsumerApplication.name, migrations: UserConsumerMigrations.all,
            logger: logger)
        let redis = dependencies.redisPool(config.redis, role: .derived, logger: logger)
        let cipher = emailCipher(config, logger: logger)
        let store = PostgresUserStore(client: postgres, cipher: cipher, logger: logger)
        let cache = RedisUserCache(
            redis: redis, keyPrefix: config.api.cacheKeyPrefix, ttlSeconds: config.api.cacheTTLSeconds, logger: logger)
        let redisSync = UserRedisSync(
            cache: cache, redis: redis, changesChannel: config.api.changesChannel, logger: logger)
        if config.role.runsIngest {
            // Only the ingest consumer needs the broker: an API-only replica stays ready without it.
            dependencies.rabbitMQ(config.amqp)
            let rabbit = RabbitMQConnection(
                configuration: RabbitMQConfiguration(amqp: config.amqp, connectionName: name),
                topology: UserIngestConsumer.topology(config.ingest), logger: logger)
            dependencies.add(rabbit)
            dependencies.add(
                UserIngestConsumer(
                    rabbit: rabbit, repository: store, cipher: cipher, config: config.ingest, logger: logger,
                    redisSync: redisSync))
        }
        let readiness = ReadinessChecker(checks: dependencies.checks)
        let router =
            config.role.servesAPI
            ? buildRouter(
                store: store, cache: cache, changes: redisSync,
                subscriber: RedisSubscriber(configuration: config.redis, logger: logger), cipher: cipher,
                config: config.api, readiness: readiness, logger: logger)
            : buildOperationalRouter(readiness: readiness)
        return ServiceApplication.build(
            name: name, http: config.http, dependencies: dependencies, logger: logger, router: router)
    }

    static func emailCipher(_ config: UserConsumerConfig, logger: Logger) -> EmailCipher {
        if let key = config.emailKey { return EmailCipher(key: key) }
        logger.warning("USER_EMAIL_KEY is not set: e-mail addresses are sealed with the public development key")
        return EmailCipher(key: EmailCipher.developmentKey)
    }
}
