import Contracts
import Hummingbird
import Logging
import Redis
import Search
import ServiceKit

/// Builds user-api: its dependencies, its routes and the operational endpoints, ready to `runService()`.
/// With ``UserAPIConfig/Role/api`` or ``UserAPIConfig/Role/all`` it serves `/status` and `/users`;
/// with ``UserAPIConfig/Role/indexer`` or ``UserAPIConfig/Role/all`` it runs the ``UserIndexer``.
///
/// Readiness: PostgreSQL (the users) and Kafka (the submissions to work on) are required; Redis (a
/// cache) and Elasticsearch (a search index built from PostgreSQL) are derived: without either the
/// service is `degraded`, not out of the load balancer.
public enum UserAPIApplication {
    public static let name = "user-api"
    /// What `/status` reports as `version`.
    public static let version = "1.0.0"

    /// `lookups` counts the store's reads of one user (tests read it; the service ignores it).
    public static func build(
        _ config: UserAPIConfig, logger: Logger, lookups: QueryCounter = QueryCounter()
    ) -> some ApplicationProtocol {
        var dependencies = ServiceDependencies()
        let postgres = dependencies.postgres(
            config.postgres, service: UserAPIApplication.name, migrations: UserAPIMigrations.all, logger: logger)
        dependencies.elasticsearch(config.elasticsearch, role: .derived)
        dependencies.kafka(config.kafka)
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
        let router: Router<BasicRequestContext>
        if config.role.servesAPI {
            // Only the API reads and writes the cache: an indexer-only replica has no Redis to check.
            let redis = dependencies.redisPool(config.redis, role: .derived, logger: logger)
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
        } else {
            router = buildRouter(readiness: ReadinessChecker(checks: dependencies.checks))
        }
        return ServiceApplication.build(
            name: name, http: config.http, dependencies: dependencies, logger: logger, router: router)
    }
}
