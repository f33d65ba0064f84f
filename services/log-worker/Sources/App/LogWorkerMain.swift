import LogWorkerCore
import ServiceKit

@main
struct LogWorkerMain {
    static func main() async {
        let config = ServiceMain.loadConfiguration(LogWorkerConfig.init(environment:))
        let logger = LoggingBootstrap.bootstrap(service: LogWorkerApplication.name, config: config.logging)
        await ServiceMain.run(logger: logger) { LogWorkerApplication.build(config, logger: logger) }
    }
}
