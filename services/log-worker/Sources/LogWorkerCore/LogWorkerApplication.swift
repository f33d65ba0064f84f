import Hummingbird
import Logging
import ObjectStore
import RabbitMQ
import Redis
import ServiceKit

/// Builds log-worker: its dependencies, the ingest consumer, the consumer of uploaded files and
/// the operational endpoints, ready to `runService()`.
///
/// Readiness: PostgreSQL (the logs), RabbitMQ (the work) and the object store (the uploaded
/// files, a signed HEAD of the bucket) are required; Redis only carries the query-cache generation
/// and the file events, which PostgreSQL backs, so it is derived: without it log-worker is
/// `degraded` and goes on storing logs.
public enum LogWorkerApplication {
    public static let name = "log-worker"

    public static func build(_ config: LogWorkerConfig, logger: Logger) -> some ApplicationProtocol {
        // swift-metrics hands a counter made before its bootstrap to a no-op handler for good; the
        // consumer makes its counters below, so bootstrap (through the registry) first.
        _ = PrometheusMetrics.registry
        var dependencies = ServiceDependencies()
        dependencies.rabbitMQ(config.amqp)
        let postgres = dependencies.postgres(
            config.postgres, service: LogWorkerApplication.name, migrations: LogWorkerMigrations.all, logger: logger)
        let redis = dependencies.redisPool(config.redis, role: .derived, logger: logger)
        let objects = ObjectStoreFileObjects(
            client: dependencies.objectStore(config.objectStore, role: .required, logger: logger),
            bucket: config.objectStore.bucket)
        let rabbit = RabbitMQConnection(
            configuration: RabbitMQConfiguration(amqp: config.amqp, connectionName: name),
            topology: config.ingest.topology.adding(config.files.topology), logger: logger)
        dependencies.add(rabbit)
        dependencies.add(
            LogIngestConsumer(
                rabbit: rabbit, store: PostgresLogStore(client: postgres, logger: logger), redis: redis,
                config: config.ingest, logger: logger))
        dependencies.add(
            FileTaskConsumer(
                rabbit: rabbit, store: PostgresFileStore(client: postgres, logger: logger), objects: objects,
                redis: redis, config: config.files, logger: logger))
        return ServiceApplication.build(
            name: name, http: config.http, dependencies: dependencies, logger: logger,
            router: buildRouter(readiness: ReadinessChecker(checks: dependencies.checks)))
    }
}
