import LogAPICore
import ServiceKit

@main
struct LogAPIMain {
    static func main() async throws {
        let config = ServiceMain.loadConfiguration(LogAPIConfig.init(environment:))
        let logger = LoggingBootstrap.bootstrap(service: LogAPIApplication.name, config: config.logging)
        try await LogAPIApplication.build(config, logger: logger).runService()
    }
}
