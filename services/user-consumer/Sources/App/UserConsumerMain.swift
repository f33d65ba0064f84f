import ServiceKit
import UserConsumerCore

@main
struct UserConsumerMain {
    static func main() async throws {
        let config = ServiceMain.loadConfiguration(UserConsumerConfig.init(environment:))
        let logger = LoggingBootstrap.bootstrap(service: UserConsumerApplication.name, config: config.logging)
        try await UserConsumerApplication.build(config, logger: logger).runService()
    }
}
