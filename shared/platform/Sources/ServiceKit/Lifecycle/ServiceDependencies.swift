import Logging
import PostgresNIO
import ServiceLifecycle

/// The dependencies one service declares: the long-running clients to run in its ServiceGroup,
/// the checks behind `/health/ready` and the steps to finish before it takes traffic.
///
/// A service names what it uses (`postgres(…)`, `redis(…, role:)`, …) and gets exactly those in its
/// readiness report, so `/health/ready` never checks something the service does not need. Each one
/// has a ``DependencyRole``: PostgreSQL, RabbitMQ and Kafka hold the truth or the work and are
/// always required; Redis, Elasticsearch and S3 take the role the service gives them (a cache or an
/// index is derived: its outage makes the service `degraded`, not unready).
public struct ServiceDependencies: Sendable {
    public private(set) var services: [any Service] = []
    public private(set) var checks: [any DependencyCheck] = []
    public private(set) var startupTasks: [@Sendable () async throws -> Void] = []

    public init() {}

    /// A PostgreSQL pool run by the ServiceGroup, checked by `SELECT 1`, with `migrations` applied
    /// before the service takes traffic (retried with backoff for `startupTimeout` while the
    /// database is not yet reachable).
    public mutating func postgres(
        _ config: PostgresConfig, service: String, migrations: [Migration], logger: Logger,
        startupTimeout: Duration = .seconds(60)
    ) -> PostgresClient {
        let client = PostgresClient(configuration: config.clientConfiguration, backgroundLogger: logger)
        services.append(client)
        checks.append(PostgresCheck(client: client, logger: logger))
        let runner = MigrationRunner(service: service, migrations: migrations, client: client, logger: logger)
        let migrate: @Sendable () async throws -> Void = {
            _ = try await retryWithBackoff(deadline: startupTimeout) { error, delay in
                logger.warning("database not ready, retrying", metadata: ["error": "\(error)", "delay": "\(delay)"])
            } _: {
                try await runner.run()
            }
        }
        startupTasks.append(migrate)
        return client
    }

    /// A Redis server checked by `PING`. (The Redis library's `redisPool(_:role:logger:)` also makes
    /// and runs the pool.)
    public mutating func redis(_ config: RedisConfig, role: DependencyRole) {
        checks.append(RedisPingCheck(endpoint: config.endpoint, role: role))
    }

    public mutating func rabbitMQ(_ config: AMQPConfig) {
        checks.append(AMQPHandshakeCheck(endpoint: config.endpoint))
    }

    public mutating func kafka(_ config: KafkaConfig) {
        checks.append(KafkaApiVersionsCheck(brokers: config.brokers))
    }

    public mutating func elasticsearch(_ config: ElasticsearchConfig, role: DependencyRole) {
        checks.append(HTTPEndpointCheck.elasticsearch(config, role: role))
    }

    public mutating func s3(_ config: S3Config, role: DependencyRole) {
        checks.append(HTTPEndpointCheck.s3(config, role: role))
    }

    /// Adds a check of a dependency that none of the methods above covers.
    public mutating func check(_ check: any DependencyCheck) {
        checks.append(check)
    }

    /// Adds a long-running part of the service (a consumer, a publisher) to its ServiceGroup.
    public mutating func add(_ service: any Service) {
        services.append(service)
    }
}
