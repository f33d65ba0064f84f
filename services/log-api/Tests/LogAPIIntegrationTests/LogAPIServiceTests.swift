import Logging
import ServiceKit
import TestInfra
import Testing

@testable import LogAPICore

@Suite("log-api with real servers", .timeLimit(.minutes(5)))
struct LogAPIServiceTests {
    @Test func readyWhenItsDependenciesAnswer() async throws {
        let (status, report) = try await ServiceConformance.readiness {
            LogAPIApplication.build(try LogAPIConfig(environment: $0), logger: Logger(label: "log-api-test"))
        }
        #expect(status == .ok, "\(report)")
        #expect(report.checks.keys.sorted() == ["postgres", "rabbitmq", "redis", "s3"])
    }

    @Test func notReadyWhileRabbitMQIsUnreachable() async throws {
        let closedPort = try FreePort.next()
        let (status, report) = try await ServiceConformance.readiness(overrides: [
            "AMQP_URL": "amqp://guest:guest@127.0.0.1:\(closedPort)/%2f"
        ]) {
            LogAPIApplication.build(try LogAPIConfig(environment: $0), logger: Logger(label: "log-api-test"))
        }
        #expect(status == .serviceUnavailable)
        #expect(report.checks["rabbitmq"]?.status == "down")
        #expect(report.checks.values.filter { $0.status == "down" }.count == 1)
    }

    @Test func processServesThenStopsGracefullyOnSIGTERM() async throws {
        let observed = try await ServiceConformance.lifecycle(executable: "log-api")
        #expect(observed.readiness.isReady)
        #expect(observed.metrics.contains("dependency_up"))
        #expect(observed.exitStatus == 0)
        #expect(observed.logEvents.contains { $0["service"] == "log-api" })
    }
}
