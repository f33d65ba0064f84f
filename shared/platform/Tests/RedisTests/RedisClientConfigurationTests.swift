import Redis
import ServiceKit
import Testing

@Suite("Redis client configuration from the environment", .timeLimit(.minutes(1)))
struct RedisClientConfigurationTests {
    @Test func usesTheDocumentedDefaults() throws {
        let configuration = try RedisClientConfiguration(environment: EnvironmentReader([:]))
        #expect(configuration.endpoint == HostPort(host: "127.0.0.1", port: 6379))
        #expect(configuration.poolSize == 8)
        #expect(configuration.connectTimeout == .seconds(5))
        #expect(configuration.commandTimeout == .seconds(5))
    }

    @Test func readsURLPoolSizeAndTimeouts() throws {
        let configuration = try RedisClientConfiguration(
            environment: EnvironmentReader([
                "REDIS_URL": "redis://cache.example:7000", "REDIS_POOL_SIZE": "32",
                "REDIS_CONNECT_TIMEOUT_MS": "250", "REDIS_COMMAND_TIMEOUT_MS": "1500",
            ]))
        #expect(configuration.endpoint == HostPort(host: "cache.example", port: 7000))
        #expect(configuration.poolSize == 32)
        #expect(configuration.connectTimeout == .milliseconds(250))
        #expect(configuration.commandTimeout == .milliseconds(1500))
    }

    @Test func rejectsAPoolSizeOfZero() {
        #expect(throws: ConfigurationError.self) {
            try RedisClientConfiguration(environment: EnvironmentReader(["REDIS_POOL_SIZE": "0"]))
        }
    }
}

@Suite("Redis client configuration: a service's own defaults", .timeLimit(.minutes(1)))
struct RedisClientConfigurationDefaultsTests {
    @Test func aServiceDefaultAppliesWhenTheVariableIsUnset() throws {
        let configuration = try RedisClientConfiguration(
            environment: EnvironmentReader([:]), defaults: .cache(timeout: .milliseconds(250), poolSize: 2))
        #expect(configuration.poolSize == 2)
        #expect(configuration.connectTimeout == .milliseconds(250))
        #expect(configuration.commandTimeout == .milliseconds(250))
    }

    @Test func theVariablesWinOverAServiceDefault() throws {
        let configuration = try RedisClientConfiguration(
            environment: EnvironmentReader([
                "REDIS_POOL_SIZE": "3", "REDIS_CONNECT_TIMEOUT_MS": "40", "REDIS_COMMAND_TIMEOUT_MS": "60",
            ]), defaults: .cache(timeout: .milliseconds(250), poolSize: 2))
        #expect(configuration.poolSize == 3)
        #expect(configuration.connectTimeout == .milliseconds(40))
        #expect(configuration.commandTimeout == .milliseconds(60))
    }
}
