import Hummingbird
import Logging

/// Builds the HTTP application every service runs: its own routes plus the operational ones
/// (`/health/live`, `/health/ready`, `/metrics`), request metrics, the dependencies' services in one
/// ServiceGroup and the start-up steps that must finish before the server accepts connections.
///
/// `runService()` on the result handles SIGTERM and SIGINT: the server stops accepting, in-flight
/// requests finish, then every dependency service shuts down in reverse order.
public enum ServiceApplication {
    public static func build(
        name: String,
        http: HTTPServerConfig,
        dependencies: ServiceDependencies,
        logger: Logger,
        routes: (Router<BasicRequestContext>) -> Void = { _ in }
    ) -> some ApplicationProtocol {
        let router = Router(context: BasicRequestContext.self)
        router.middlewares.add(MetricsMiddleware())
        router.addOperationalRoutes(readiness: ReadinessChecker(checks: dependencies.checks))
        routes(router)
        var app = Application(
            router: router,
            configuration: .init(address: .hostname(http.host, port: http.port), serverName: name),
            services: dependencies.services,
            logger: logger)
        for task in dependencies.startupTasks {
            app.beforeServerStarts(perform: task)
        }
        return app
    }
}
