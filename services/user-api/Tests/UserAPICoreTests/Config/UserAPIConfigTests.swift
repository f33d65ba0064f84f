import ServiceKit
import Testing

@testable import UserAPICore

@Suite("user-api configuration", .timeLimit(.minutes(1)))
struct UserAPIConfigTests {
    @Test func defaultsNeedNoEnvironment() throws {
        let config = try UserAPIConfig(environment: EnvironmentReader([:]))
        #expect(config.http == HTTPServerConfig(host: "127.0.0.1", port: 8082))
        #expect(config.logging == LoggingConfig(level: .info, format: .json))
    }

    @Test func aBadValueNamesItsVariable() {
        let error = #expect(throws: ConfigurationError.self) {
            try UserAPIConfig(environment: EnvironmentReader(["HTTP_PORT": "70000"]))
        }
        #expect(error?.variable == "HTTP_PORT")
    }
}
