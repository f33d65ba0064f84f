import QueryServiceCore
import ServiceKit

@main
struct QueryServiceMain {
    static func main() async {
        let config = ServiceMain.loadConfiguration(QueryServiceConfig.init(environment:))
        let logger = LoggingBootstrap.bootstrap(service: QueryServiceApplication.name, config: config.logging)
        await ServiceMain.run(logger: logger) { QueryServiceApplication.build(config, logger: logger) }
    }
}
