import ServiceKit
import Testing

@testable import LogWorkerCore

@Suite("log-worker configuration")
struct LogWorkerConfigTests {
    @Test func defaultsNeedNoEnvironment() throws {
        let config = try LogWorkerConfig(environment: EnvironmentReader([:]))
        #expect(config.http == HTTPServerConfig(host: "127.0.0.1", port: 8084))
        #expect(config.logging == LoggingConfig(level: .info, format: .json))
    }

    @Test func aBadValueNamesItsVariable() {
        let error = #expect(throws: ConfigurationError.self) {
            try LogWorkerConfig(environment: EnvironmentReader(["HTTP_PORT": "70000"]))
        }
        #expect(error?.variable == "HTTP_PORT")
    }
}
