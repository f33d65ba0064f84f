import ServiceKit
import UserAPICore

@main
struct UserAPIMain {
    static func main() async throws {
        let config = ServiceMain.loadConfiguration(UserAPIConfig.init(environment:))
        let logger = LoggingBootstrap.bootstrap(service: UserAPIApplication.name, config: config.logging)
        try await UserAPIApplication.build(config, logger: logger).runService()
    }
}
