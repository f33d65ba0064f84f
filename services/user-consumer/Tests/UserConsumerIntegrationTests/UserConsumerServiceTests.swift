import Logging
import ServiceKit
import TestInfra
import Testing

@testable import UserConsumerCore

@Suite("user-consumer with real servers", .timeLimit(.minutes(5)))
struct UserConsumerServiceTests {
    @Test func readyWhenItsDependenciesAnswer() async throws {
        let (status, report) = try await ServiceConformance.readiness {
            UserConsumerApplication.build(
                try UserConsumerConfig(environment: $0), logger: Logger(label: "user-consumer-test"))
        }
        #expect(status == .ok, "\(report)")
        #expect(report.checks.keys.sorted() == ["postgres", "rabbitmq", "redis"])
    }

    /// Redis holds the cache and the change notices: reads and writes go on from PostgreSQL.
    @Test func degradedNotUnreadyWhileRedisIsUnreachable() async throws {
        let closedPort = try FreePort.next()
        let (status, report) = try await ServiceConformance.readiness(overrides: [
            "REDIS_URL": "redis://127.0.0.1:\(closedPort)"
        ]) {
            UserConsumerApplication.build(
                try UserConsumerConfig(environment: $0), logger: Logger(label: "user-consumer-test"))
        }
        #expect(status == .ok, "\(report)")
        #expect(report.status == "degraded")
        #expect(report.checks["redis"]?.status == "down")
        #expect(report.checks["redis"]?.role == .derived)
        #expect(report.checks.values.filter { $0.status == "down" }.count == 1)
    }

    /// The ingest worker's broker holds the work: without it the worker is out.
    @Test func notReadyWhileTheBrokerIsUnreachable() async throws {
        let closedPort = try FreePort.next()
        let (status, report) = try await ServiceConformance.readiness(overrides: [
            "AMQP_URL": "amqp://guest:guest@127.0.0.1:\(closedPort)/%2f"
        ]) {
            UserConsumerApplication.build(
                try UserConsumerConfig(environment: $0), logger: Logger(label: "user-consumer-test"))
        }
        #expect(status == .serviceUnavailable)
        #expect(report.status == "not_ready")
        #expect(report.checks["rabbitmq"]?.status == "down")
        #expect(report.checks["rabbitmq"]?.role == .required)
    }

    @Test func anAPIOnlyReplicaIsReadyWithoutTheBroker() async throws {
        let closedPort = try FreePort.next()
        let (status, report) = try await ServiceConformance.readiness(overrides: [
            "ROLE": "api", "AMQP_URL": "amqp://guest:guest@127.0.0.1:\(closedPort)/%2f",
        ]) {
            UserConsumerApplication.build(
                try UserConsumerConfig(environment: $0), logger: Logger(label: "user-consumer-test"))
        }
        #expect(status == .ok, "\(report)")
        #expect(report.checks.keys.sorted() == ["postgres", "redis"])
    }

    /// Its HTTP port taken by another program: the server fails, the service group stops the rest, and
    /// the process ends by itself with status 1 and says why (it used to trap on the error).
    @Test func aFailedServiceEndsTheProcessWithStatusOneAndALogLine() async throws {
        let ended = try await ServiceConformance.failure(executable: "user-consumer")
        #expect(ended.exitStatus == ServiceMain.serviceFailureExitCode, "\(ended.output.suffix(2_000))")
        #expect(ended.output.contains("a service failed; the process stops"))
    }

    @Test func processServesThenStopsGracefullyOnSIGTERM() async throws {
        let observed = try await ServiceConformance.lifecycle(executable: "user-consumer")
        #expect(observed.readiness.isReady)
        #expect(observed.metrics.contains("dependency_up"))
        #expect(observed.exitStatus == 0)
        #expect(observed.logEvents.contains { $0["service"] == "user-consumer" })
    }
}
