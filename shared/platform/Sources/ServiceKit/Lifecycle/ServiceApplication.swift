import Hummingbird
import HummingbirdCore
import Logging

/// Builds the HTTP application every service runs: the router its `buildRouter(…)` made (its own
/// routes plus the operational ones), the dependencies' services in one ServiceGroup and the
/// start-up steps that must finish before the server accepts connections.
///
/// `runService()` on the result handles SIGTERM and SIGINT: the server stops accepting, in-flight
/// requests finish, then every dependency service shuts down in reverse order.
public enum ServiceApplication {
    /// The application serving `router`, which the service's `buildRouter(…)` made (with
    /// ``operationalRouter(readiness:)`` or ``Hummingbird/Router/addOperationalRoutes(readiness:)``),
    /// over plain HTTP/1.
    public static func build<Context: InitializableFromSource<ApplicationRequestContextSource>>(
        name: String,
        http: HTTPServerConfig,
        dependencies: ServiceDependencies,
        logger: Logger,
        router: Router<Context>
    ) -> some ApplicationProtocol {
        build(
            name: name, http: http, dependencies: dependencies, logger: logger, router: router,
            channel: { HTTP1Channel(responder: $0) })
    }

    /// The same with each connection's channel made by `channel` (log-api's upgrades
    /// `/notifications/events` to a WebSocket: HummingbirdWebSocket's `HTTP1WebSocketUpgradeChannel`).
    /// Whatever the channel, its handler runs on the connection's event loop
    /// (``EventLoopBoundChannel``): a service cannot opt out by passing a builder of its own.
    public static func build<
        Context: InitializableFromSource<ApplicationRequestContextSource>, Channel: ServerChildChannel
    >(
        name: String,
        http: HTTPServerConfig,
        dependencies: ServiceDependencies,
        logger: Logger,
        router: Router<Context>,
        channel: @escaping @Sendable (@escaping HTTPChannelHandler.Responder) throws -> Channel
    ) -> some ApplicationProtocol {
        var app = Application(
            router: router,
            server: .onEventLoop(channel),
            configuration: .init(address: .hostname(http.host, port: http.port), serverName: name),
            services: dependencies.services,
            logger: logger)
        for task in dependencies.startupTasks {
            app.beforeServerStarts(perform: task)
        }
        return app
    }

    /// A router with request metrics and the operational routes (`/health/live`, `/health/ready`,
    /// `/metrics`): what every service's `buildRouter(…)` starts from.
    public static func operationalRouter(readiness: ReadinessChecker) -> Router<BasicRequestContext> {
        let router = Router(context: BasicRequestContext.self)
        router.middlewares.add(MetricsMiddleware())
        router.addOperationalRoutes(readiness: readiness)
        return router
    }

    /// The application of a service with its routes added to ``operationalRouter(readiness:)``.
    public static func build(
        name: String,
        http: HTTPServerConfig,
        dependencies: ServiceDependencies,
        logger: Logger,
        routes: (Router<BasicRequestContext>) -> Void = { _ in }
    ) -> some ApplicationProtocol {
        let router = operationalRouter(readiness: ReadinessChecker(checks: dependencies.checks))
        routes(router)
        return build(name: name, http: http, dependencies: dependencies, logger: logger, router: router)
    }
}
