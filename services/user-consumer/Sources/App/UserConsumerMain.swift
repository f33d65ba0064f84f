import ServiceKit
import UserConsumerCore

@main
struct UserConsumerMain {
    static func main() async {
        let config = ServiceMain.loadConfiguration(UserConsumerConfig.init(environment:))
        let logger = LoggingBootstrap.bootstrap(service: UserConsumerApplication.name, config: config.logging)
        await ServiceMain.run(logger: logger) { UserConsumerApplication.build(config, logger: logger) }
    }
}
