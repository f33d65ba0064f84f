import Logging
import ServiceKit
import TestInfra
import Testing

@testable import QueryServiceCore

@Suite("query-service with real servers", .timeLimit(.minutes(5)))
struct QueryServiceServiceTests {
    @Test func readyWhenItsDependenciesAnswer() async throws {
        let (status, report) = try await ServiceConformance.readiness {
            QueryServiceApplication.build(
                try QueryServiceConfig(environment: $0), logger: Logger(label: "query-service-test"))
        }
        #expect(status == .ok, "\(report)")
        #expect(report.status == "ready")
        #expect(report.checks.keys.sorted() == ["postgres", "redis"])
    }

    /// Redis holds only a cache: without it every query is answered from PostgreSQL, so the
    /// service stays in the load balancer (200) and says it is degraded.
    @Test func degradedNotUnreadyWhileRedisIsUnreachable() async throws {
        let closedPort = try FreePort.next()
        let (status, report) = try await ServiceConformance.readiness(overrides: [
            "REDIS_URL": "redis://127.0.0.1:\(closedPort)"
        ]) {
            QueryServiceApplication.build(
                try QueryServiceConfig(environment: $0), logger: Logger(label: "query-service-test"))
        }
        #expect(status == .ok, "\(report)")
        #expect(report.status == "degraded")
        #expect(report.checks["redis"]?.status == "down")
        #expect(report.checks["redis"]?.role == .derived)
        #expect(report.checks["postgres"]?.status == "up")
    }

    /// Its HTTP port taken by another program: the server fails, the service group stops the rest, and
    /// the process ends by itself with status 1 and says why (it used to trap on the error).
    @Test func aFailedServiceEndsTheProcessWithStatusOneAndALogLine() async throws {
        let ended = try await ServiceConformance.failure(executable: "query-service")
        #expect(ended.exitStatus == ServiceMain.serviceFailureExitCode, "\(ended.output.suffix(2_000))")
        #expect(ended.output.contains("a service failed; the process stops"))
    }

    @Test func processServesThenStopsGracefullyOnSIGTERM() async throws {
        let observed = try await ServiceConformance.lifecycle(executable: "query-service")
        #expect(observed.readiness.isReady)
        #expect(observed.metrics.contains("dependency_up"))
        #expect(observed.exitStatus == 0)
        #expect(observed.logEvents.contains { $0["service"] == "query-service" })
    }
}
