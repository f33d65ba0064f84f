import QueryServiceCore
import ServiceKit

@main
struct QueryServiceMain {
    static func main() async throws {
        let config = ServiceMain.loadConfiguration(QueryServiceConfig.init(environment:))
        let logger = LoggingBootstrap.bootstrap(service: QueryServiceApplication.name, config: config.logging)
        try await QueryServiceApplication.build(config, logger: logger).runService()
    }
}
