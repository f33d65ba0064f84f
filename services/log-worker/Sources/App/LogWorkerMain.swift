import LogWorkerCore
import ServiceKit

@main
struct LogWorkerMain {
    static func main() async throws {
        let config = ServiceMain.loadConfiguration(LogWorkerConfig.init(environment:))
        let logger = LoggingBootstrap.bootstrap(service: LogWorkerApplication.name, config: config.logging)
        try await LogWorkerApplication.build(config, logger: logger).runService()
    }
}
