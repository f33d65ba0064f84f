import Hummingbird
import Logging
import ObjectStore
import PostgresNIO
import RabbitMQ
import Redis
import ServiceKit

/// Builds log-api: its dependencies, its routes and the operational endpoints, ready to `runService()`.
///
/// - The log routes (``LogController``) publish through ``LogIntakeConfig/connections`` RabbitMQ
///   connections of their own, run in the ServiceGroup (they declare the exchange and queue on each
///   connect).
/// - The file routes (``FilesController``) store uploads in S3, record them in PostgreSQL (a pool
///   run in the ServiceGroup; the `files` table is log-worker's, so log-api applies no migration
///   and never waits for the database at start) and queue their tasks through a RabbitMQ
///   connection of their own. The ``FileSweeper`` runs in the ServiceGroup too.
/// - Readiness (``FilesReadiness``): `/health/ready` requires RabbitMQ and reports PostgreSQL and
///   S3 as derived (the log intake needs neither); `/health/ready/files` requires all three.
/// - The live notifications (``NotificationRoutes``): one ``FileEventHub`` in the ServiceGroup holds the
///   Redis subscription to log-worker's file events and feeds every WebSocket and SSE client; Redis is
///   derived (down: clients get snapshots from PostgreSQL, changes resume when it is back).
public enum LogAPIApplication {
    public static let name = "log-api"

    public static func build(_ config: LogAPIConfig, logger: Logger) -> some ApplicationProtocol {
        var dependencies = ServiceDependencies()
        dependencies.rabbitMQ(config.amqp)
        let connections = RabbitMQLogPublisher.connections(config.ingest, amqp: config.amqp, logger: logger)
        for connection in connections { dependencies.add(connection) }
        let publisher = RabbitMQLogPublisher(
            connections: connections, exchange: config.ingest.exchange, routingKey: config.ingest.queue)

        let postgres = PostgresClient(configuration: config.postgres.clientConfiguration, backgroundLogger: logger)
        dependencies.add(postgres)
        dependencies.check(RoleAssignedCheck(base: PostgresCheck(client: postgres, logger: logger), role: .derived))
        let objects = dependencies.objectStore(config.objectStore, role: .derived, logger: logger)
        let filesConnection = RabbitMQFileTaskPublisher.connection(config.files, amqp: config.amqp, logger: logger)
        dependencies.add(filesConnection)
        let fileStore = PostgresFileStore(client: postgres, logger: logger)
        let intake = FileIntake(
            objects: S3FileObjectStore(client: objects, bucket: config.objectStore.bucket),
            store: fileStore,
            publisher: RabbitMQFileTaskPublisher(
                connection: filesConnection, exchange: config.files.exchange, routingKey: config.files.queue),
            config: config.files, logger: logger)
        dependencies.add(
            FileSweeper(sweep: FileSweep(intake: intake, config: config.sweep, logger: logger), logger: logger))
        let hub = FileEventHub(config: config.notifications, store: fileStore, logger: logger)
        dependencies.add(hub)
        dependencies.redis(RedisConfig(endpoint: config.notifications.redis.endpoint), role: .derived)
        let notifications = NotificationRoutes(hub: hub, config: config.notifications)
        let filesReadiness = ReadinessChecker(checks: [
            AMQPHandshakeCheck(endpoint: config.amqp.endpoint),
            FilesTableCheck(client: postgres, logger: logger),
            ObjectStoreBucketCheck(client: objects, bucket: config.objectStore.bucket, role: .required),
        ])

        let router = buildRouter(
            publisher: publisher, config: config.ingest, readiness: ReadinessChecker(checks: dependencies.checks),
            files: FilesController(intake: intake, logger: logger), filesReadiness: filesReadiness,
            notifications: notifications, logger: logger)
        return ServiceApplication.build(
            name: name, http: config.http, dependencies: dependencies, logger: logger, router: router,
            channel: notifications.channel())
    }
}
