import Logging
import ServiceKit
import TestInfra
import Testing

@testable import UserAPICore

@Suite("user-api with real servers", .timeLimit(.minutes(5)))
struct UserAPIServiceTests {
    @Test func readyWhenItsDependenciesAnswer() async throws {
        let (status, report) = try await ServiceConformance.readiness {
            try UserAPIApplication.build(UserAPIConfig(environment: $0), logger: Logger(label: "user-api-test"))
        }
        #expect(status == .ok, "\(report)")
        #expect(report.checks.keys.sorted() == ["elasticsearch", "kafka", "postgres", "redis"])
    }

    /// The search index is derived from PostgreSQL: without it user-api is degraded, not out.
    @Test func degradedNotUnreadyWhileElasticsearchIsUnreachable() async throws {
        let closedPort = try FreePort.next()
        let (status, report) = try await ServiceConformance.readiness(overrides: [
            "ELASTICSEARCH_URL": "http://127.0.0.1:\(closedPort)"
        ]) {
            try UserAPIApplication.build(UserAPIConfig(environment: $0), logger: Logger(label: "user-api-test"))
        }
        #expect(status == .ok, "\(report)")
        #expect(report.status == "degraded")
        #expect(report.checks["elasticsearch"]?.status == "down")
        #expect(report.checks["elasticsearch"]?.role == .derived)
        #expect(report.checks.values.filter { $0.status == "down" }.count == 1)
    }

    @Test func notReadyWhileKafkaIsUnreachable() async throws {
        let closedPort = try FreePort.next()
        let (status, report) = try await ServiceConformance.readiness(overrides: [
            "KAFKA_BROKERS": "127.0.0.1:\(closedPort)"
        ]) {
            try UserAPIApplication.build(UserAPIConfig(environment: $0), logger: Logger(label: "user-api-test"))
        }
        #expect(status == .serviceUnavailable)
        #expect(report.status == "not_ready")
        #expect(report.checks["kafka"]?.status == "down")
    }

    /// Its HTTP port taken by another program: the server fails, the service group stops the rest, and
    /// the process ends by itself with status 1 and says why (it used to trap on the error).
    @Test func aFailedServiceEndsTheProcessWithStatusOneAndALogLine() async throws {
        let ended = try await ServiceConformance.failure(executable: "user-api")
        #expect(ended.exitStatus == ServiceMain.serviceFailureExitCode, "\(ended.output.suffix(2_000))")
        #expect(ended.output.contains("a service failed; the process stops"))
    }

    @Test func processServesThenStopsGracefullyOnSIGTERM() async throws {
        let observed = try await ServiceConformance.lifecycle(executable: "user-api")
        #expect(observed.readiness.isReady)
        #expect(observed.metrics.contains("dependency_up"))
        #expect(observed.exitStatus == 0)
        #expect(observed.logEvents.contains { $0["service"] == "user-api" })
    }
}
