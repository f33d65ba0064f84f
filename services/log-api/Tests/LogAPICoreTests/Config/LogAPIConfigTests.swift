import ServiceKit
import Testing

@testable import LogAPICore

@Suite("log-api configuration", .timeLimit(.minutes(2)))
struct LogAPIConfigTests {
    @Test func defaultsNeedNoEnvironment() throws {
        let config = try LogAPIConfig(environment: EnvironmentReader([:]))
        #expect(config.http == HTTPServerConfig(host: "127.0.0.1", port: 8083))
        #expect(config.logging == LoggingConfig(level: .info, format: .json))
    }

    @Test func aBadValueNamesItsVariable() {
        let error = #expect(throws: ConfigurationError.self) {
            try LogAPIConfig(environment: EnvironmentReader(["HTTP_PORT": "70000"]))
        }
        #expect(error?.variable == "HTTP_PORT")
    }
}
