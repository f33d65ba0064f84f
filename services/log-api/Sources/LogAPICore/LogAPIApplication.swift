import Hummingbird
import Logging
import RabbitMQ
import ServiceKit

/// Builds log-api: its dependencies, its routes and the operational endpoints, ready to `runService()`.
///
/// The log routes (``LogController``) publish through ``LogIntakeConfig/connections`` RabbitMQ
/// connections of their own, run in the ServiceGroup (they declare the exchange and queue on each
/// connect); `/health/ready` checks the broker with an AMQP handshake (`rabbitmq`), its only
/// dependency (required: it carries the work).
public enum LogAPIApplication {
    public static let name = "log-api"

    public static func build(_ config: LogAPIConfig, logger: Logger) -> some ApplicationProtocol {
        var dependencies = ServiceDependencies()
        dependencies.rabbitMQ(config.amqp)
        let connections = RabbitMQLogPublisher.connections(config.ingest, amqp: config.amqp, logger: logger)
        for connection in connections { dependencies.add(connection) }
        let publisher = RabbitMQLogPublisher(
            connections: connections, exchange: config.ingest.exchange, routingKey: config.ingest.queue)
        let router = buildRouter(
            publisher: publisher, config: config.ingest, readiness: ReadinessChecker(checks: dependencies.checks),
            logger: logger)
        return ServiceApplication.build(
            name: name, http: config.http, dependencies: dependencies, logger: logger, router: router)
    }
}
