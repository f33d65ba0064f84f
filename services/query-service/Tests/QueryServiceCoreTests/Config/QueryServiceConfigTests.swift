import ServiceKit
import Testing

@testable import QueryServiceCore

@Suite("query-service configuration", .timeLimit(.minutes(1)))
struct QueryServiceConfigTests {
    @Test func defaultsNeedNoEnvironment() throws {
        let config = try QueryServiceConfig(environment: EnvironmentReader([:]))
        #expect(config.http == HTTPServerConfig(host: "127.0.0.1", port: 8085))
        #expect(config.logging == LoggingConfig(level: .info, format: .json))
        #expect(config.cacheTTLSeconds == 300)
        #expect(config.queryTimeout == .seconds(5))
        #expect(config.redis.endpoint == HostPort(host: "127.0.0.1", port: 6379))
        #expect(config.redis.commandTimeout == .milliseconds(250))
        #expect(config.redis.connectTimeout == .milliseconds(250))
    }

    @Test func readsItsOwnVariables() throws {
        let config = try QueryServiceConfig(
            environment: EnvironmentReader([
                "QUERY_CACHE_TTL_SECONDS": "30", "REDIS_COMMAND_TIMEOUT_MS": "900", "QUERY_TIMEOUT_MS": "1500",
                "REDIS_URL": "redis://127.0.0.1:7000",
            ]))
        #expect(config.cacheTTLSeconds == 30)
        #expect(config.queryTimeout == .milliseconds(1500))
        #expect(config.redis.commandTimeout == .milliseconds(900))
        #expect(config.redis.connectTimeout == .milliseconds(250))
        #expect(config.redis.endpoint.port == 7000)
    }

    @Test(arguments: [
        ["HTTP_PORT": "70000"], ["QUERY_CACHE_TTL_SECONDS": "0"], ["QUERY_CACHE_TTL_SECONDS": "five"],
        ["REDIS_COMMAND_TIMEOUT_MS": "-1"], ["QUERY_TIMEOUT_MS": "50"],
    ])
    func aBadValueNamesItsVariable(_ environment: [String: String]) {
        let error = #expect(throws: ConfigurationError.self) {
            try QueryServiceConfig(environment: EnvironmentReader(environment))
        }
        #expect(error?.variable == environment.keys.first)
    }
}
