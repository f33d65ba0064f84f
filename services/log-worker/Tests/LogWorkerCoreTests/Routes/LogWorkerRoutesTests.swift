import Foundation
import Hummingbird
import HummingbirdTesting
import ServiceKit
import Testing

@testable import LogWorkerCore

/// log-worker's router (``buildRouter(readiness:)``) in process: the operational routes and
/// nothing else. What `/health/ready` reports for real dependencies is in LogWorkerServiceTests.
@Suite("log-worker routes", .timeLimit(.minutes(2)))
struct LogWorkerRoutesTests {
    static func withRouter(_ test: @Sendable (any TestClientProtocol) async throws -> Void) async throws {
        try await Application(router: buildRouter(readiness: ReadinessChecker(checks: []))).test(.router) { client in
            try await test(client)
        }
    }

    @Test func theOperationalRoutesAnswer() async throws {
        try await Self.withRouter { client in
            let live = try await client.execute(uri: "/health/live", method: .get)
            #expect(live.status == .ok)
            #expect(String(buffer: live.body) == #"{"status":"alive"}"#)

            let ready = try await client.execute(uri: "/health/ready", method: .get)
            #expect(ready.status == .ok)
            let report = try JSONDecoder().decode(ReadinessReport.self, from: Data(ready.body.readableBytesView))
            #expect(report.isReady)
            #expect(report.checks.isEmpty)

            let metrics = try await client.execute(uri: "/metrics", method: .get)
            #expect(metrics.status == .ok)
            #expect(metrics.headers[.contentType]?.hasPrefix("text/plain") == true)
            // The request metrics count every route, the probes included.
            let lines = String(buffer: metrics.body).split(separator: "\n")
            let requestCounts = lines.filter { $0.hasPrefix("hb_requests{") }
            #expect(
                requestCounts.contains { $0.contains("\"/health/live\"") },
                "no count of /health/live in \(requestCounts)")
        }
    }

    /// log-worker takes its logs from the queue: it has no HTTP way in for them.
    @Test(arguments: [(HTTPRequest.Method.post, "/log"), (.post, "/logs"), (.get, "/logs")])
    func thereAreNoResourceRoutes(method: HTTPRequest.Method, path: String) async throws {
        try await Self.withRouter { client in
            let response = try await client.execute(uri: path, method: method)
            #expect(response.status == .notFound)
        }
    }
}
