import LogAPICore
import ServiceKit

@main
struct LogAPIMain {
    static func main() async {
        let config = ServiceMain.loadConfiguration(LogAPIConfig.init(environment:))
        let logger = LoggingBootstrap.bootstrap(service: LogAPIApplication.name, config: config.logging)
        await ServiceMain.run(logger: logger) { LogAPIApplication.build(config, logger: logger) }
    }
}
