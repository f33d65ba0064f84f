import Hummingbird
import Logging
import ServiceKit

/// log-api's router with the log routes only: `POST /log` and `POST /logs` (``LogController``)
/// handing their records to `publisher`, ServiceKit's operational routes (`/health/live`,
/// `/health/ready` answered by `readiness`, `/metrics`), and the request metrics of every route.
///
/// A plain function of its dependencies, so that ``LogAPIApplication`` serves it with the RabbitMQ
/// publisher and the route tests serve it in process (`app.test(.router)`) with a publisher that
/// keeps what it is given, or one that fails. It starts nothing: whatever the publisher needs
/// (RabbitMQ connections) runs in the application's ServiceGroup.
public func buildRouter(
    publisher: some LogPublishing, config: LogIntakeConfig, readiness: ReadinessChecker, logger: Logger
) -> Router<BasicRequestContext> {
    let router = ServiceApplication.operationalRouter(readiness: readiness)
    LogController(publisher: publisher, config: config, logger: logger).addRoutes(to: router)
    return router
}

/// log-api's whole router: the log routes as above, the file routes (``FilesController``),
/// `GET /health/ready/files` answered by `filesReadiness` (``FilesReadiness``) and, when given, the
/// notification routes (``NotificationRoutes``: `GET /files/{id}/events` and the plain-HTTP answers of
/// `/notifications/events`, whose WebSocket upgrade is the connection channel's).
public func buildRouter<Objects: FileObjectStore, Store: FileStore, Publisher: FileTaskPublishing>(
    publisher: some LogPublishing, config: LogIntakeConfig, readiness: ReadinessChecker,
    files: FilesController<Objects, Store, Publisher>, filesReadiness: ReadinessChecker,
    notifications: NotificationRoutes<Store>? = nil, logger: Logger
) -> Router<BasicRequestContext> {
    let router = buildRouter(publisher: publisher, config: config, readiness: readiness, logger: logger)
    files.addRoutes(to: router)
    notifications?.addRoutes(to: router)
    FilesReadiness.addRoute(filesReadiness, to: router)
    return router
}
