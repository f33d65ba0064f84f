import Foundation
import Testing

@testable import ServiceKit

@Suite("Configuration from environment variables", .timeLimit(.minutes(1)))
struct EnvironmentReaderTests {
    @Test func defaultsApplyWhenUnsetOrEmpty() throws {
        let environment = EnvironmentReader(["HTTP_PORT": "  "])
        let http = try HTTPServerConfig(environment: environment, defaultPort: 8083)
        #expect(http == HTTPServerConfig(host: "127.0.0.1", port: 8083))
        #expect(try LoggingConfig(environment: environment) == LoggingConfig(level: .info, format: .json))
    }

    @Test func badIntegerNamesTheVariableAndTheExpectation() {
        let environment = EnvironmentReader(["HTTP_PORT": "eighty"])
        #expect {
            try HTTPServerConfig(environment: environment, defaultPort: 8080)
        } throws: { error in
            (error as? ConfigurationError)?.description
                == #"configuration error: HTTP_PORT="eighty" is invalid: expected an integer between 0 and 65535"#
        }
    }

    @Test func outOfRangeIntegerIsRejected() {
        #expect(throws: ConfigurationError.self) {
            try EnvironmentReader(["POSTGRES_POOL_SIZE": "0"]).int("POSTGRES_POOL_SIZE", default: 10, in: 1...500)
        }
    }

    @Test func choiceIsCaseInsensitiveAndListsTheCases() throws {
        #expect(
            try LoggingConfig(environment: EnvironmentReader(["LOG_LEVEL": "DEBUG", "LOG_FORMAT": "Text"]))
                == LoggingConfig(level: .debug, format: .text))
        let error = #expect(throws: ConfigurationError.self) {
            try LoggingConfig(environment: EnvironmentReader(["LOG_FORMAT": "xml"]))
        }
        #expect(error?.expected == "one of json, text")
    }

    @Test func booleansAcceptTheUsualSpellings() throws {
        let environment = EnvironmentReader(["A": "yes", "B": "0", "C": "maybe"])
        #expect(try environment.bool("A", default: false))
        #expect(try !environment.bool("B", default: true))
        #expect(throws: ConfigurationError.self) { try environment.bool("C", default: true) }
    }

    @Test func postgresURLIsSplitIntoItsParts() throws {
        let config = try PostgresConfig(
            environment: EnvironmentReader([
                "POSTGRES_URL": "postgresql://app:p%40ss@db.internal:6543/logs", "POSTGRES_POOL_SIZE": "4",
            ]))
        #expect(config.host == "db.internal")
        #expect(config.port == 6543)
        #expect(config.username == "app")
        #expect(config.password == "p@ss")
        #expect(config.database == "logs")
        #expect(config.poolSize == 4)
        #expect(config.redactedDescription == "postgres://app@db.internal:6543/logs")
    }

    @Test func postgresURLWithoutUserIsRejected() {
        let error = #expect(throws: ConfigurationError.self) {
            try PostgresConfig(environment: EnvironmentReader(["POSTGRES_URL": "postgres://db:5432/x"]))
        }
        #expect(error?.variable == "POSTGRES_URL")
    }

    @Test func wrongSchemeIsRejected() {
        let error = #expect(throws: ConfigurationError.self) {
            try RedisConfig(environment: EnvironmentReader(["REDIS_URL": "http://127.0.0.1:6379"]))
        }
        #expect(error?.expected == "a URL like redis://127.0.0.1:6379 (scheme redis)")
    }

    @Test func amqpURLDecodesTheVirtualHost() throws {
        let byDefault = try AMQPConfig(environment: EnvironmentReader([:]))
        #expect(byDefault.virtualHost == "/")
        #expect(byDefault.endpoint == HostPort(host: "127.0.0.1", port: 5672))
        let named = try AMQPConfig(environment: EnvironmentReader(["AMQP_URL": "amqp://u:p@mq:5673/ingest"]))
        #expect(named.virtualHost == "ingest")
        #expect(named.username == "u")
        #expect(named.endpoint.port == 5673)
    }

    @Test func kafkaBrokersAreAList() throws {
        let config = try KafkaConfig(environment: EnvironmentReader(["KAFKA_BROKERS": "k1:9092, [::1]:9093"]))
        #expect(config.brokers == [HostPort(host: "k1", port: 9092), HostPort(host: "::1", port: 9093)])
        #expect(config.brokers[1].description == "[::1]:9093")
        #expect(throws: ConfigurationError.self) {
            try KafkaConfig(environment: EnvironmentReader(["KAFKA_BROKERS": "k1"]))
        }
    }

    @Test func s3BucketNameLengthIsChecked() throws {
        let config = try S3Config(environment: EnvironmentReader([:]), defaultBucket: "uploads")
        #expect(config.bucket == "uploads")
        #expect(config.endpoint.absoluteString == "http://127.0.0.1:9000")
        #expect(throws: ConfigurationError.self) {
            try S3Config(environment: EnvironmentReader(["S3_BUCKET": "ab"]), defaultBucket: "uploads")
        }
    }

    @Test func millisecondsBecomeDurations() throws {
        let environment = EnvironmentReader(["BATCH_WAIT_MS": "250"])
        #expect(try environment.milliseconds("BATCH_WAIT_MS", default: .seconds(1)) == .milliseconds(250))
        #expect(try environment.milliseconds("OTHER_MS", default: .seconds(1)) == .seconds(1))
    }
}
