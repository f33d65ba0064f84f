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
        #expect(report.status == "ready")
        #expect(report.checks.keys.sorted() == ["postgres", "rabbitmq", "redis", "s3"])
        #expect(report.checks["rabbitmq"]?.role == .required)
        #expect(report.checks["postgres"]?.role == .derived)
        #expect(report.checks["s3"]?.role == .derived)
        #expect(report.checks["redis"]?.role == .derived)
    }

    /// The log intake needs the broker only: PostgreSQL and S3 (file uploads) and Redis (the live
    /// notifications) down make log-api degraded, still in the load balancer.
    @Test func stillTakingTrafficWhateverPostgreSQLRedisAndS3Do() async throws {
        let closedPort = try FreePort.next()
        let (status, report) = try await ServiceConformance.readiness(overrides: [
            "POSTGRES_URL": "postgres://tributary:tributary@127.0.0.1:\(closedPort)/tributary",
            "REDIS_URL": "redis://127.0.0.1:\(closedPort)", "S3_ENDPOINT": "http://127.0.0.1:\(closedPort)",
        ]) {
            LogAPIApplication.build(try LogAPIConfig(environment: $0), logger: Logger(label: "log-api-test"))
        }
        #expect(status == .ok, "\(report)")
        #expect(report.status == "degraded")
        #expect(report.checks["postgres"]?.status == "down")
        #expect(report.checks["s3"]?.status == "down")
        #expect(report.checks["redis"]?.status == "down")
    }

    @Test func notReadyWhileRabbitMQIsUnreachable() async throws {
        let closedPort = try FreePort.next()
        let (status, report) = try await ServiceConformance.readiness(overrides: [
            "AMQP_URL": "amqp://guest:guest@127.0.0.1:\(closedPort)/%2f"
        ]) {
            LogAPIApplication.build(try LogAPIConfig(environment: $0), logger: Logger(label: "log-api-test"))
        }
        #expect(status == .serviceUnavailable)
        #expect(report.status == "not_ready")
        #expect(report.checks["rabbitmq"]?.status == "down")
        #expect(report.checks["rabbitmq"]?.role == .required)
    }

    /// Its HTTP port taken by another program: the server fails, the service group stops the rest, and
    /// the process ends by itself with status 1 and says why (it used to trap on the error).
    @Test func aFailedServiceEndsTheProcessWithStatusOneAndALogLine() async throws {
        let ended = try await ServiceConformance.failure(executable: "log-api")
        #expect(ended.exitStatus == ServiceMain.serviceFailureExitCode, "\(ended.output.suffix(2_000))")
        #expect(ended.output.contains("a service failed; the process stops"))
    }

    @Test func processServesThenStopsGracefullyOnSIGTERM() async throws {
        let observed = try await ServiceConformance.lifecycle(executable: "log-api")
        #expect(observed.readiness.isReady)
        #expect(observed.metrics.contains("dependency_up"))
        #expect(observed.exitStatus == 0)
        #expect(observed.logEvents.contains { $0["service"] == "log-api" })
    }
}
