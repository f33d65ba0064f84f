import Hummingbird
import Logging
import RabbitMQ
import Redis
import ServiceKit

/// Builds log-worker: its dependencies, the ingest consumer and the operational endpoints, ready
/// to `runService()`.
///
/// Readiness: PostgreSQL (the logs) and RabbitMQ (the work) are required; Redis only carries the
/// query-cache generation, which a failed bump leaves for the next one, so it is derived: without
/// it log-worker is `degraded` and goes on storing logs.
public enum LogWorkerApplication {
    public static let name = "log-worker"

    /// log-worker without the processing of uploaded files (until the platform's object store is wired in).
    public static func build(_ config: LogWorkerConfig, logger: Logger) -> some ApplicationProtocol {
        build(config, logger: logger, fileObjects: Optional<NoFileObjects>.none)
    }

    /// log-worker, processing the uploaded files it reads from `fileObjects` when given.
    public static func build<Objects: FileObjects>(
        _ config: LogWorkerConfig, logger: Logger, fileObjects: Objects?
    ) -> some ApplicationProtocol {
        // swift-metrics hands a counter made before its bootstrap to a no-op handler for good; the
        // consumer makes its counters below, so bootstrap (through the registry) first.
        _ = PrometheusMetrics.registry
        var dependencies = ServiceDependencies()
        dependencies.rabbitMQ(config.amqp)
        let postgres = dependencies.postgres(
            config.postgres, service: LogWorkerApplication.name, migrations: LogWorkerMigrations.all, logger: logger)
        let redis = dependencies.redisPool(config.redis, role: .derived, logger: logger)
        let rabbit = RabbitMQConnection(
            configuration: RabbitMQConfiguration(amqp: config.amqp, connectionName: name),
            topology: fileObjects == nil
                ? config.ingest.topology : config.ingest.topology.adding(config.files.topology),
            logger: logger)
        dependencies.add(rabbit)
        dependencies.add(
            LogIngestConsumer(
                rabbit: rabbit, store: PostgresLogStore(client: postgres, logger: logger), redis: redis,
                config: config.ingest, logger: logger))
        if let fileObjects {
            dependencies.add(
                FileTaskConsumer(
                    rabbit: rabbit, store: PostgresFileStore(client: postgres, logger: logger), objects: fileObjects,
                    redis: redis, config: config.files, logger: logger))
        }
        return ServiceApplication.build(
            name: name, http: config.http, dependencies: dependencies, logger: logger,
            router: buildRouter(readiness: ReadinessChecker(checks: dependencies.checks)))
    }
}
