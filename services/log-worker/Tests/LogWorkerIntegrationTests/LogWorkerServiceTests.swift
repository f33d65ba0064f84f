import Logging
import ServiceKit
import TestInfra
import Testing

@testable import LogWorkerCore

@Suite("log-worker with real servers", .timeLimit(.minutes(5)))
struct LogWorkerServiceTests {
    /// A queue of the test's own, so that the in-process worker never takes another test's messages.
    static func uniqueQueue() -> [String: String] {
        let exchange = TestNames.unique("logs", separator: ".")
        return [
            "LOG_INGEST_EXCHANGE": exchange, "LOG_INGEST_QUEUE": exchange + ".ingest",
            "FILE_EXCHANGE": exchange + ".files",
            "FILE_QUEUE": exchange + ".files.process",
        ]
    }

    @Test func readyWhenItsDependenciesAnswer() async throws {
        let (status, report) = try await ServiceConformance.readiness(overrides: Self.uniqueQueue()) {
            LogWorkerApplication.build(try LogWorkerConfig(environment: $0), logger: Logger(label: "log-worker-test"))
        }
        #expect(status == .ok, "\(report)")
        #expect(report.status == "ready")
        #expect(report.checks.keys.sorted() == ["postgres", "rabbitmq", "redis", "s3"])
    }

    /// Redis carries only the query-cache generation and the file events: without it logs are still stored.
    @Test func degradedNotUnreadyWhileRedisIsUnreachable() async throws {
        let closedPort = try FreePort.next()
        let overrides = Self.uniqueQueue().merging([
            "REDIS_URL": "redis://127.0.0.1:\(closedPort)"
        ]) { _, new in new }
        let (status, report) = try await ServiceConformance.readiness(overrides: overrides) {
            LogWorkerApplication.build(try LogWorkerConfig(environment: $0), logger: Logger(label: "log-worker-test"))
        }
        #expect(status == .ok, "\(report)")
        #expect(report.status == "degraded")
        #expect(report.checks["redis"]?.status == "down")
        #expect(report.checks["redis"]?.role == .derived)
        #expect(report.checks["s3"]?.status == "up")
    }

    /// The object store holds the uploaded files, the work of the file consumer.
    @Test func notReadyWhileTheObjectStoreIsUnreachable() async throws {
        let closedPort = try FreePort.next()
        let overrides = Self.uniqueQueue().merging([
            "S3_ENDPOINT": "http://127.0.0.1:\(closedPort)"
        ]) { _, new in new }
        let (status, report) = try await ServiceConformance.readiness(overrides: overrides) {
            LogWorkerApplication.build(try LogWorkerConfig(environment: $0), logger: Logger(label: "log-worker-test"))
        }
        #expect(status == .serviceUnavailable)
        #expect(report.checks["s3"]?.status == "down" && report.checks["s3"]?.role == .required)
    }

    @Test func notReadyWhileRabbitMQIsUnreachable() async throws {
        let closedPort = try FreePort.next()
        let overrides = Self.uniqueQueue().merging([
            "AMQP_URL": "amqp://guest:guest@127.0.0.1:\(closedPort)/%2f"
        ]) { _, new in new }
        let (status, report) = try await ServiceConformance.readiness(overrides: overrides) {
            LogWorkerApplication.build(try LogWorkerConfig(environment: $0), logger: Logger(label: "log-worker-test"))
        }
        #expect(status == .serviceUnavailable)
        #expect(report.status == "not_ready")
        #expect(report.checks["rabbitmq"]?.status == "down")
        #expect(report.checks.values.filter { $0.status == "down" }.count == 1)
    }

    /// Its HTTP port taken by another program: the server fails, the service group stops the rest, and
    /// the process ends by itself with status 1 and says why (it used to trap on the error).
    @Test func aFailedServiceEndsTheProcessWithStatusOneAndALogLine() async throws {
        let ended = try await ServiceConformance.failure(executable: "log-worker")
        #expect(ended.exitStatus == ServiceMain.serviceFailureExitCode, "\(ended.output.suffix(2_000))")
        #expect(ended.output.contains("a service failed; the process stops"))
    }

    @Test func processServesThenStopsGracefullyOnSIGTERM() async throws {
        let observed = try await ServiceConformance.lifecycle(executable: "log-worker")
        #expect(observed.readiness.isReady)
        #expect(observed.metrics.contains("dependency_up"))
        #expect(observed.exitStatus == 0)
        #expect(observed.logEvents.contains { $0["service"] == "log-worker" })
    }
}
