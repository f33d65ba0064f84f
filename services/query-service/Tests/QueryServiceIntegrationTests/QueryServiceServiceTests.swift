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

    @Test func processServesThenStopsGracefullyOnSIGTERM() async throws {
        let observed = try await ServiceConformance.lifecycle(executable: "query-service")
        #expect(observed.readiness.isReady)
        #expect(observed.metrics.contains("dependency_up"))
        #expect(observed.exitStatus == 0)
        #expect(observed.logEvents.contains { $0["service"] == "query-service" })
    }
}
