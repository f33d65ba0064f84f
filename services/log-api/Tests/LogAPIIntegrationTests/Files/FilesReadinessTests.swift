import Foundation
import Hummingbird
import HummingbirdTesting
import TestInfra
import Testing

@testable import LogAPICore

/// PostgreSQL and S3 are for file uploads only: with both unreachable the log intake takes logs,
/// `/health/ready` says degraded with 200, `/health/ready/files` says not ready with 503, and
/// `/files` answers 503 by itself.
@Suite("file readiness", .timeLimit(.minutes(5)))
struct FilesReadinessTests {
    @Test func logsFlowWhilePostgreSQLAndS3AreDown() async throws {
        let closedPort = try FreePort.next()
        let overrides = [
            "POSTGRES_URL": "postgres://tributary:tributary@127.0.0.1:\(closedPort)/tributary",
            "S3_ENDPOINT": "http://127.0.0.1:\(closedPort)",
        ]
        try await LogAPITestbed.with(overrides: overrides) { testbed in
            let (status, json) = try await testbed.post("/log", #"{"message":"still flowing"}"#)
            #expect(status == .accepted)
            #expect(json["id"] is String)
            #expect(try await testbed.takeMessages(1).count == 1)

            let ready = try await testbed.client.execute(uri: "/health/ready", method: .get)
            #expect(ready.status == .ok)
            #expect(try ready.object["status"] as? String == "degraded")

            let files = try await testbed.client.execute(uri: "/health/ready/files", method: .get)
            #expect(files.status == .serviceUnavailable)
            let checks = try #require(try files.object["checks"] as? [String: [String: Any]])
            #expect(checks["postgres"]?["status"] as? String == "down")
            #expect(checks["s3"]?["status"] as? String == "down")
            #expect(checks["rabbitmq"]?["status"] as? String == "up")
            #expect(checks.values.allSatisfy { $0["role"] as? String == "required" })

            let list = try await testbed.client.execute(uri: "/files", method: .get)
            #expect(list.status == .serviceUnavailable)
        }
    }
}
