import ServiceKit
import Testing

@testable import LogAPICore

@Suite("log intake configuration", .timeLimit(.minutes(2)))
struct LogIntakeConfigTests {
    @Test func defaults() throws {
        let config = try LogIntakeConfig(environment: EnvironmentReader([:]))
        #expect(config.exchange == "logs")
        #expect(config.queue == "logs.ingest")
        #expect(config.maxBodyBytes == 5 * 1024 * 1024)
        #expect(config.maxRecords == 10_000)
        #expect(config.messageMaxRecords == 500)
        #expect(config.messagesInFlight == 2)
        #expect(config.publishTimeout == .milliseconds(5000))
        #expect(config.connections == 1)
        #expect(try LogAPIConfig(environment: EnvironmentReader([:])).ingest == config)
    }

    @Test func everyVariableIsRead() throws {
        let config = try LogIntakeConfig(
            environment: EnvironmentReader([
                "LOG_INGEST_EXCHANGE": "x", "LOG_INGEST_QUEUE": "q", "LOG_MAX_BODY_BYTES": "1000",
                "LOG_MAX_RECORDS": "7", "LOG_MESSAGE_MAX_RECORDS": "3", "LOG_MESSAGES_IN_FLIGHT": "9",
                "LOG_PUBLISH_TIMEOUT_MS": "250",
                "LOG_AMQP_CONNECTIONS": "4",
            ]))
        #expect(
            config
                == LogIntakeConfig(
                    exchange: "x", queue: "q", maxBodyBytes: 1000, maxRecords: 7, messageMaxRecords: 3,
                    messagesInFlight: 9, publishTimeout: .milliseconds(250), connections: 4))
    }

    @Test func badValuesNameTheirVariable() {
        for (name, value) in [
            ("LOG_MAX_BODY_BYTES", "0"), ("LOG_MAX_RECORDS", "many"), ("LOG_MESSAGE_MAX_RECORDS", "-1"),
            ("LOG_MESSAGES_IN_FLIGHT", "0"),
            ("LOG_PUBLISH_TIMEOUT_MS", "0"), ("LOG_AMQP_CONNECTIONS", "65"),
        ] {
            let error = #expect(throws: ConfigurationError.self) {
                try LogIntakeConfig(environment: EnvironmentReader([name: value]))
            }
            #expect(error?.variable == name)
        }
    }
}
