import ServiceKit
import UserAPICore

@main
struct UserAPIMain {
    static func main() async {
        let config = ServiceMain.loadConfiguration(UserAPIConfig.init(environment:))
        let logger = LoggingBootstrap.bootstrap(service: UserAPIApplication.name, config: config.logging)
        await ServiceMain.run(logger: logger) { try UserAPIApplication.build(config, logger: logger) }
    }
}
