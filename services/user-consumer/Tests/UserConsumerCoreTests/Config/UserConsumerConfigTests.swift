import Foundation
import ServiceKit
import Testing

@testable import UserConsumerCore

@Suite("user-consumer configuration", .timeLimit(.minutes(1)))
struct UserConsumerConfigTests {
    @Test func defaultsNeedNoEnvironment() throws {
        let config = try UserConsumerConfig(environment: EnvironmentReader([:]))
        #expect(config.http == HTTPServerConfig(host: "127.0.0.1", port: 8081))
        #expect(config.logging == LoggingConfig(level: .info, format: .json))
        #expect(config.role == .all)
        #expect(
            config.ingest
                == UserIngestConfig(
                    exchange: "users", queue: "users.ingest", batchSize: 100, batchMaxBytes: 2 << 20,
                    batchWait: .milliseconds(50)))
        #expect(config.ingest.prefetch >= 200)
        #expect(config.emailKey == nil)
        #expect(
            config.api
                == UserRoutesConfig(
                    cacheTTLSeconds: 3600, cacheTimeout: .seconds(1), cacheKeyPrefix: "tributary:user:",
                    changesChannel: "tributary:users:changes", ssePageSize: 500, sseHeartbeat: .seconds(15)))
        #expect(config.redis.poolSize == 8)
        #expect(config.redis.connectTimeout == .seconds(1) && config.redis.commandTimeout == .seconds(1))
        #expect(config.role.servesAPI && config.role.runsIngest)
    }

    @Test func readsTheAPIVariables() throws {
        let config = try UserConsumerConfig(
            environment: EnvironmentReader([
                "ROLE": "worker", "USER_CACHE_TTL_SECONDS": "60", "USER_CACHE_TIMEOUT_MS": "250",
                "USER_CACHE_KEY_PREFIX": "t1:user:", "USER_CHANGES_CHANNEL": "t1:changes", "USER_SSE_PAGE_SIZE": "50",
                "USER_SSE_HEARTBEAT_SECONDS": "2", "REDIS_POOL_SIZE": "3", "REDIS_URL": "redis://127.0.0.1:7000",
            ]))
        #expect(!config.role.servesAPI)
        #expect(
            config.api
                == UserRoutesConfig(
                    cacheTTLSeconds: 60, cacheTimeout: .milliseconds(250), cacheKeyPrefix: "t1:user:",
                    changesChannel: "t1:changes", ssePageSize: 50, sseHeartbeat: .seconds(2)))
        let redis = config.redis
        #expect(redis.endpoint == HostPort(host: "127.0.0.1", port: 7000))
        #expect(
            redis.poolSize == 3 && redis.connectTimeout == .milliseconds(250)
                && redis.commandTimeout == .milliseconds(250))
    }

    @Test func readsTheIngestVariables() throws {
        let config = try UserConsumerConfig(
            environment: EnvironmentReader([
                "ROLE": "api", "USER_INGEST_EXCHANGE": "e", "USER_INGEST_QUEUE": "q", "USER_INGEST_BATCH_SIZE": "1000",
                "USER_INGEST_BATCH_WAIT_MS": "5", "USER_INGEST_BATCH_MAX_BYTES": "65536",
                "USER_EMAIL_KEY": Data(repeating: 2, count: 32).base64EncodedString(),
            ]))
        #expect(config.role == .api)
        #expect(!config.role.runsIngest)
        #expect(config.ingest.batchSize == 1000)
        #expect(config.ingest.prefetch >= 1000)
        #expect(config.ingest.batchWait == .milliseconds(5))
        #expect(config.ingest.batchMaxBytes == 65_536)
        #expect(config.emailKey != nil)
    }

    @Test(arguments: [
        ("HTTP_PORT", "70000"), ("ROLE", "both"), ("USER_INGEST_BATCH_SIZE", "0"), ("USER_INGEST_BATCH_WAIT_MS", "-1"),
        ("USER_EMAIL_KEY", "c2hvcnQ="), ("USER_CACHE_TTL_SECONDS", "0"), ("USER_CACHE_TIMEOUT_MS", "0"),
        ("USER_SSE_PAGE_SIZE", "10001"), ("USER_SSE_HEARTBEAT_SECONDS", "0"), ("REDIS_POOL_SIZE", "0"),
    ])
    func aBadValueNamesItsVariable(variable: String, value: String) {
        let error = #expect(throws: ConfigurationError.self) {
            try UserConsumerConfig(environment: EnvironmentReader([variable: value]))
        }
        #expect(error?.variable == variable)
    }

    @Test func aBadKeyIsNotEchoed() {
        let error = #expect(throws: ConfigurationError.self) {
            try UserConsumerConfig(environment: EnvironmentReader(["USER_EMAIL_KEY": "secret-but-too-short"]))
        }
        #expect(error.map { !$0.description.contains("secret-but-too-short") } == true)
    }
}
