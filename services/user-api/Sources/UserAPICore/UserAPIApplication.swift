import Contracts
import Hummingbird
import Kafka
import Logging
import Redis
import Search
import ServiceKit

/// Builds user-api: its dependencies, its routes and the operational endpoints, ready to `runService()`.
/// With ``UserAPIConfig/Role/api`` or ``UserAPIConfig/Role/all`` it serves `/status`, `/users` and
/// the submissions (`/api/user…`, `/api/users`, ``SubmissionsController``); with
/// ``UserAPIConfig/Role/indexer`` or `all` it runs the ``UserIndexer``; with
/// ``UserAPIConfig/Role/consumer`` or `all` the ``SubmissionConsumer``.
///
/// Readiness: PostgreSQL (the users) is required, and Kafka when the role produces or consumes
/// submissions; Redis (a cache) and Elasticsearch (a search index built from PostgreSQL) are
/// derived: without either the service is `degraded`, not out of the load balancer.
public enum UserAPIApplication {
    public static let name = "user-api"
    /// What `/status` reports as `version`.
    public static let version = "1.0.0"

    /// `lookups` counts the store's reads of one user (tests read it; the service ignores it).
    public static func build(
        _ config: UserAPIConfig, logger: Logger, lookups: QueryCounter = QueryCounter()
    ) throws -> some ApplicationProtocol {
        var dependencies = ServiceDependencies()
        let postgres = dependencies.postgres(
            config.postgres, service: UserAPIApplication.name, migrations: UserAPIMigrations.all, logger: logger)
        dependencies.elasticsearch(config.elasticsearch, role: .derived)
        if config.role.needsKafka { dependencies.kafka(config.kafka) }
        let store = PostgresManagedUserStore(client: postgres, logger: logger, lookups: lookups)
        let index = UserSearchIndex(
            client: SearchClient(baseURL: config.elasticsearch.url), name: config.users.searchIndex)
        if config.role.runsIndexer {
            dependencies.add(
                UserIndexer(
                    client: postgres, index: index, batchSize: config.users.indexerBatchSize,
                    concurrency: config.users.indexerConcurrency,
                    idle: config.users.indexerIdle, maximumBackoff: config.users.indexerMaximumBackoff, logger: logger))
        }
        // The API reads and writes the caches, the consumer bumps the age-groups generation: an
        // indexer-only replica has no Redis to check.
        let redis =
            config.role.servesAPI || config.role.runsConsumer
            ? dependencies.redisPool(config.redis, role: .derived, logger: logger) : nil
        let submissions = PostgresSubmissionStore(client: postgres, logger: logger)
        if config.role.runsConsumer, let redis {
            dependencies.add(
                SubmissionConsumer(
                    kafka: config.kafka, config: config.submissions, store: submissions,
                    ageGroupsCache: ageGroupsCache(redis, config.submissions, logger: logger), logger: logger))
        }
        let router: Router<BasicRequestContext>
        if config.role.servesAPI, let redis {
            let roles = ChoiceRule(config.users.roles)
            let readiness = ReadinessChecker(checks: dependencies.checks)
            let cache = ManagedUserCache(
                redis: redis, store: store, keyPrefix: config.users.cacheKeyPrefix,
                ttlSeconds: config.users.cacheTTLSeconds, missTTLSeconds: config.users.cacheMissTTLSeconds,
                logger: logger)
            router = buildRouter(
                users: UsersController(store: store, cache: cache, roles: roles),
                search: UserSearchController(
                    index: index, store: store, roles: roles, timeout: config.users.searchTimeout,
                    cooldown: config.users.searchCooldown, logger: logger),
                status: StatusController(readiness: readiness, version: version), readiness: readiness)
            let producer = try submissionProducer(config)
            dependencies.add(producer)
            dependencies.add(
                SubmissionTopicsService(
                    topics: SubmissionTopics(kafka: config.kafka, config: config.submissions, logger: logger),
                    logger: logger))
            SubmissionsController(
                store: submissions, producer: producer,
                ageGroupsCache: ageGroupsCache(redis, config.submissions, logger: logger), config: config.submissions,
                logger: logger
            ).addRoutes(to: router)
        } else {
            router = buildRouter(readiness: ReadinessChecker(checks: dependencies.checks))
        }
        return ServiceApplication.build(
            name: name, http: config.http, dependencies: dependencies, logger: logger, router: router)
    }

    /// The producer of `POST /api/user`: acks=all and idempotent (the Kafka library's guarantee),
    /// each message failing after `KAFKA_PRODUCE_TIMEOUT_MS`.
    static func submissionProducer(_ config: UserAPIConfig) throws -> KafkaProducer {
        var configuration = KafkaProducerConfiguration(config.kafka)
        configuration.clientID = "user-api-submissions"
        configuration.messageTimeout = config.submissions.produceTimeout
        configuration.linger = .milliseconds(2)
        return try KafkaProducer(configuration: configuration, logger: Logger(label: "user-api.kafka"))
    }

    static func ageGroupsCache(
        _ redis: RedisConnectionPool, _ config: SubmissionsConfig, logger: Logger
    ) -> RedisGenerationCache {
        RedisGenerationCache(
            redis: redis, generationKey: config.ageGroupsCacheKeyPrefix + "generation",
            valuePrefix: config.ageGroupsCacheKeyPrefix, ttlSeconds: config.ageGroupsCacheTTLSeconds
        ) { firstOfPause, error in
            if firstOfPause {
                logger.warning(
                    "age-groups cache unavailable; answering from PostgreSQL", metadata: ["error": "\(error)"])
            }
        }
    }
}
