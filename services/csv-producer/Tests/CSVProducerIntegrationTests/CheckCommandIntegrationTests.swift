import TestInfra
import Testing

@Suite("csv-producer check against real servers", .timeLimit(.minutes(5)))
struct CheckCommandIntegrationTests {
    @Test func succeedsWhenRabbitMQAnswersAndChecksNothingElse() async throws {
        let servers = try await TestServers.shared()
        var environment = servers.environment
        environment["S3_ENDPOINT"] = "http://127.0.0.1:\(try FreePort.next())"  // unused: must not matter
        let result = try await runProducer(["check"], environment: environment)
        #expect(result.status == 0, "\(result.output)")
        #expect(result.output.hasPrefix("rabbitmq  up"), "\(result.output)")
        #expect(!result.output.contains("s3"), "\(result.output)")
    }

    @Test func failsAndNamesTheServerThatDoesNotAnswer() async throws {
        let servers = try await TestServers.shared()
        let closed = try FreePort.next()
        var environment = servers.environment
        environment["AMQP_URL"] = "amqp://guest:guest@127.0.0.1:\(closed)/%2f"
        let result = try await runProducer(["check", "--timeout-ms", "1000"], environment: environment)
        #expect(result.status == 1)
        #expect(result.output.contains("rabbitmq  down"))
    }

    @Test func aBadVariableIsAClearErrorNotACrash() async throws {
        let result = try await runProducer(["check"], environment: ["AMQP_URL": "nonsense"])
        #expect(result.status != 0)
        #expect(result.output.contains("AMQP_URL"))
    }

    private func runProducer(
        _ arguments: [String], environment: [String: String]
    ) async throws -> (
        status: Int32, output: String
    ) {
        try await ShellCommand.capture([BuiltProducts.path("csv-producer")] + arguments, environment: environment)
    }
}
