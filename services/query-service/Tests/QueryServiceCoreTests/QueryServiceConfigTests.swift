import ServiceKit
import Testing

@testable import QueryServiceCore

@Suite("query-service configuration")
struct QueryServiceConfigTests {
    @Test func defaultsNeedNoEnvironment() throws {
        let config = try QueryServiceConfig(environment: EnvironmentReader([:]))
        #expect(config.http == HTTPServerConfig(host: "127.0.0.1", port: 8085))
        #expect(config.logging == LoggingConfig(level: .info, format: .json))
    }

    @Test func aBadValueNamesItsVariable() {
        let error = #expect(throws: ConfigurationError.self) {
            try QueryServiceConfig(environment: EnvironmentReader(["HTTP_PORT": "70000"]))
        }
        #expect(error?.variable == "HTTP_PORT")
    }
}
