import Foundation
import Hummingbird
import HummingbirdTesting
import ServiceKit
import Testing

@testable import UserAPICore

/// ``buildRouter(readiness:)`` in process: the operational endpoints answer, and readiness
/// follows the checks it is given.
@Suite("user-api routes in process", .timeLimit(.minutes(1)))
struct OperationalRoutesTests {
    /// A dependency that answers or fails as the test says.
    struct FixedCheck: DependencyCheck {
        let name: String
        let up: Bool
        var role: DependencyRole = .required

        func check() async throws {
            if !up { throw FixedCheckDown() }
        }
    }

    struct FixedCheckDown: Error {}

    static func status(_ uri: String, checks: [any DependencyCheck]) async throws -> (HTTPResponse.Status, String) {
        try await Application(router: buildRouter(readiness: ReadinessChecker(checks: checks))).test(.router) {
            client in
            let response = try await client.execute(uri: uri, method: .get)
            return (response.status, String(buffer: response.body))
        }
    }

    @Test func liveAnswersAlive() async throws {
        let (status, body) = try await Self.status("/health/live", checks: [])
        #expect(status == .ok)
        #expect(body == #"{"status":"alive"}"#)
    }

    @Test func readyFollowsItsChecks() async throws {
        let (up, upBody) = try await Self.status("/health/ready", checks: [FixedCheck(name: "postgres", up: true)])
        #expect(up == .ok, "\(upBody)")
        let (down, downBody) = try await Self.status(
            "/health/ready", checks: [FixedCheck(name: "postgres", up: true), FixedCheck(name: "kafka", up: false)])
        #expect(down == .serviceUnavailable)
        #expect(downBody.contains(#""kafka":{"#), "\(downBody)")
        // A derived dependency (the cache, the search index) down degrades the service but keeps it in rotation.
        let (degraded, degradedBody) = try await Self.status(
            "/health/ready",
            checks: [FixedCheck(name: "postgres", up: true), FixedCheck(name: "redis", up: false, role: .derived)])
        #expect(degraded == .ok, "\(degradedBody)")
        #expect(degradedBody.contains(#""status":"degraded""#), "\(degradedBody)")
    }

    @Test func metricsAreServed() async throws {
        let (status, _) = try await Self.status("/metrics", checks: [])
        #expect(status == .ok)
    }
}
