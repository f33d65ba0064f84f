import ServiceKit
import Testing

@testable import UserAPICore

@Suite("user-api configuration", .timeLimit(.minutes(1)))
struct UserAPIConfigTests {
    @Test func defaultsNeedNoEnvironment() throws {
        let config = try UserAPIConfig(environment: EnvironmentReader([:]))
        #expect(config.http == HTTPServerConfig(host: "127.0.0.1", port: 8082))
        #expect(config.logging == LoggingConfig(level: .info, format: .json))
        #expect(config.role == .all)
        #expect(config.users.roles == ["admin", "member", "viewer"])
        #expect(config.users.cacheTTLSeconds == 300)
        #expect(config.users.cacheMissTTLSeconds == 5)
        #expect(config.users.searchIndex == "managed-users")
        #expect(config.redis.commandTimeout == .milliseconds(500))
        #expect(config.submissions.topic == "user-submissions")
        #expect(config.submissions.partitions == 6)
        #expect(config.submissions.produceTimeout == .seconds(5))
        #expect(config.submissions.maximumMessageBytes == 900_000)
    }

    @Test func rolesSplitTheWork() throws {
        let indexer = try UserAPIConfig(environment: EnvironmentReader(["ROLE": "indexer"]))
        #expect(indexer.role.runsIndexer && !indexer.role.servesAPI)
        let api = try UserAPIConfig(environment: EnvironmentReader(["ROLE": "API"]))
        #expect(api.role.servesAPI && !api.role.runsIndexer)
        let consumer = try UserAPIConfig(environment: EnvironmentReader(["ROLE": "consumer"]))
        #expect(consumer.role.runsConsumer && consumer.role.needsKafka && !consumer.role.servesAPI)
        #expect(!indexer.role.needsKafka && !indexer.role.runsConsumer)
        let all = try UserAPIConfig(environment: EnvironmentReader([:]))
        #expect(all.role.runsConsumer && all.role.servesAPI && all.role.runsIndexer)
        let roles = try UserAPIConfig(environment: EnvironmentReader(["USER_ROLES": "owner, guest"]))
        #expect(roles.users.roles == ["owner", "guest"])
    }

    @Test func aBadValueNamesItsVariable() {
        let cases = [
            "HTTP_PORT": "70000", "ROLE": "worker", "USER_CACHE_TTL": "0", "USER_ROLES": " , ",
            "USER_SEARCH_INDEX": "Users", "USER_INDEXER_BATCH_SIZE": "0", "USER_SUBMISSIONS_PARTITIONS": "0",
            "USER_SUBMISSIONS_TOPIC": "user submissions", "KAFKA_PRODUCE_TIMEOUT_MS": "10",
            "USER_SUBMISSIONS_MAX_MESSAGE_BYTES": "2000000",
        ]
        for (variable, value) in cases {
            let error = #expect(throws: ConfigurationError.self) {
                try UserAPIConfig(environment: EnvironmentReader([variable: value]))
            }
            #expect(error?.variable == variable)
        }
    }
}
