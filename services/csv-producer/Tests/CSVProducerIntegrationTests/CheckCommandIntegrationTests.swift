import TestInfra
import Testing

@Suite("csv-producer check against real servers")
struct CheckCommandIntegrationTests {
    @Test func succeedsWhenRabbitMQAndS3Answer() async throws {
        let servers = try await TestServers.shared()
        let result = try await runProducer(["check"], environment: servers.environment)
        #expect(result.status == 0, "\(result.output)")
        #expect(result.output.contains("rabbitmq  up"))
        #expect(result.output.contains("s3        up"))
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
