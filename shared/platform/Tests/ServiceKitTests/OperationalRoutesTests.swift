import Foundation
import Hummingbird
import HummingbirdTesting
import Prometheus
import Testing

@testable import ServiceKit

/// A dependency whose answer the test decides: unit tests of the readiness logic, no server needed.
struct StaticCheck: DependencyCheck {
    let name: String
    let failure: String?
    var delay: Duration = .zero
    var role: DependencyRole = .required

    func check() async throws {
        try await Task.sleep(for: delay)
        if let failure { throw DependencyCheckError(failure) }
    }
}

@Suite("Health and metrics endpoints", .timeLimit(.minutes(1)))
struct OperationalRoutesTests {
    func application(_ checks: [any DependencyCheck], timeout: Duration = .seconds(2)) -> some ApplicationProtocol {
        let router = Router()
        router.addOperationalRoutes(readiness: ReadinessChecker(checks: checks, timeout: timeout))
        return Application(router: router)
    }

    @Test func liveAnswersWithoutAskingDependencies() async throws {
        try await application([StaticCheck(name: "postgres", failure: "down")]).test(.router) { client in
            try await client.execute(uri: "/health/live", method: .get) { response in
                #expect(response.status == .ok)
                #expect(String(buffer: response.body) == #"{"status":"alive"}"#)
            }
        }
    }

    @Test func readyWhenEveryDependencyAnswers() async throws {
        let checks: [any DependencyCheck] = [
            StaticCheck(name: "postgres", failure: nil), StaticCheck(name: "redis", failure: nil),
        ]
        try await application(checks).test(.router) { client in
            try await client.execute(uri: "/health/ready", method: .get) { response in
                #expect(response.status == .ok)
                let report = try JSONDecoder().decode(ReadinessReport.self, from: response.body)
                #expect(report.status == "ready")
                #expect(report.checks.keys.sorted() == ["postgres", "redis"])
            }
        }
    }

    @Test func notReadyNamesTheFailingDependency() async throws {
        let checks: [any DependencyCheck] = [
            StaticCheck(name: "postgres", failure: nil), StaticCheck(name: "rabbitmq", failure: "connection refused"),
        ]
        try await application(checks).test(.router) { client in
            try await client.execute(uri: "/health/ready", method: .get) { response in
                #expect(response.status == .serviceUnavailable)
                let report = try JSONDecoder().decode(ReadinessReport.self, from: response.body)
                #expect(report.status == "not_ready")
                #expect(report.checks["postgres"]?.status == "up")
                #expect(report.checks["rabbitmq"]?.status == "down")
                #expect(report.checks["rabbitmq"]?.error == "connection refused")
            }
        }
    }

    @Test func aDerivedDependencyDownIsDegradedWith200() async throws {
        let checks: [any DependencyCheck] = [
            StaticCheck(name: "postgres", failure: nil),
            StaticCheck(name: "redis", failure: "connection refused", role: .derived),
        ]
        try await application(checks).test(.router) { client in
            try await client.execute(uri: "/health/ready", method: .get) { response in
                #expect(response.status == .ok)
                let report = try JSONDecoder().decode(ReadinessReport.self, from: response.body)
                #expect(report.status == "degraded")
                #expect(report.checks["redis"]?.status == "down")
                #expect(report.checks["redis"]?.role == .derived)
                #expect(report.checks["redis"]?.error == "connection refused")
                #expect(report.checks["postgres"]?.role == .required)
                let body = String(buffer: response.body)
                #expect(body.contains(#""role":"derived""#), "\(body)")
            }
        }
    }

    @Test func aRequiredDependencyDownIs503WhateverTheDerivedOnesSay() async throws {
        let checks: [any DependencyCheck] = [
            StaticCheck(name: "postgres", failure: "refused"),
            StaticCheck(name: "redis", failure: nil, role: .derived),
        ]
        try await application(checks).test(.router) { client in
            try await client.execute(uri: "/health/ready", method: .get) { response in
                #expect(response.status == .serviceUnavailable)
                let report = try JSONDecoder().decode(ReadinessReport.self, from: response.body)
                #expect(report.status == "not_ready")
            }
        }
    }

    @Test func aHangingDependencyIsCutOffByTheTimeout() async throws {
        let checks: [any DependencyCheck] = [StaticCheck(name: "kafka", failure: nil, delay: .seconds(30))]
        let clock = ContinuousClock()
        let started = clock.now
        try await application(checks, timeout: .milliseconds(200)).test(.router) { client in
            try await client.execute(uri: "/health/ready", method: .get) { response in
                #expect(response.status == .serviceUnavailable)
                let report = try JSONDecoder().decode(ReadinessReport.self, from: response.body)
                #expect(report.checks["kafka"]?.error == "no answer within 0.2 seconds")
            }
        }
        // Well below the check's own 30 s, yet far above 0.2 s: a loaded machine stalls for seconds.
        #expect(clock.now - started < .seconds(25))
    }

    @Test func metricsServeThePrometheusExposition() async throws {
        let registry = PrometheusCollectorRegistry()
        registry.makeCounter(
            descriptor: .init(
                namespace: "tributary", metricName: "test", unitName: "total", helpText: "A counter of the test.")
        ).increment(by: Int64(3))
        let router = Router()
        router.addOperationalRoutes(readiness: ReadinessChecker(checks: []), registry: registry)
        try await Application(router: router).test(.router) { client in
            try await client.execute(uri: "/metrics", method: .get) { response in
                #expect(response.status == .ok)
                #expect(response.headers[.contentType]?.hasPrefix("text/plain; version=0.0.4") == true)
                #expect(String(buffer: response.body).contains("tributary_test_total 3"))
            }
        }
    }
}
