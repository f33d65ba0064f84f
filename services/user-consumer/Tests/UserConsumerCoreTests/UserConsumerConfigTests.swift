import ServiceKit
import Testing

@testable import UserConsumerCore

@Suite("user-consumer configuration")
struct UserConsumerConfigTests {
    @Test func defaultsNeedNoEnvironment() throws {
        let config = try UserConsumerConfig(environment: EnvironmentReader([:]))
        #expect(config.http == HTTPServerConfig(host: "127.0.0.1", port: 8081))
        #expect(config.logging == LoggingConfig(level: .info, format: .json))
    }

    @Test func aBadValueNamesItsVariable() {
        let error = #expect(throws: ConfigurationError.self) {
            try UserConsumerConfig(environment: EnvironmentReader(["HTTP_PORT": "70000"]))
        }
        #expect(error?.variable == "HTTP_PORT")
    }
}
