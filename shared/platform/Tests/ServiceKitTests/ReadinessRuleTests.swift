import Testing

@testable import ServiceKit

/// The one readiness rule (``DependencyRole``), on its own: which statuses a set of checks gives.
@Suite("Readiness rule: required down is not ready, derived down is degraded", .timeLimit(.minutes(1)))
struct ReadinessRuleTests {
    static func check(_ role: DependencyRole, up: Bool) -> ReadinessReport.Check {
        .init(status: up ? "up" : "down", role: role, latencyMs: 1, error: up ? nil : "refused")
    }

    @Test func everythingUpIsReady() {
        let report = ReadinessReport(checks: [
            "postgres": Self.check(.required, up: true), "redis": Self.check(.derived, up: true),
        ])
        #expect(report.status == "ready")
        #expect(report.isReady && report.isFullyReady)
    }

    @Test func aDerivedDependencyDownIsDegradedAndStillTakesTraffic() {
        let report = ReadinessReport(checks: [
            "postgres": Self.check(.required, up: true), "redis": Self.check(.derived, up: false),
        ])
        #expect(report.status == "degraded")
        #expect(report.isReady)
        #expect(!report.isFullyReady)
    }

    @Test(arguments: [true, false])
    func aRequiredDependencyDownIsNotReady(derivedUp: Bool) {
        let report = ReadinessReport(checks: [
            "rabbitmq": Self.check(.required, up: false), "elasticsearch": Self.check(.derived, up: derivedUp),
        ])
        #expect(report.status == "not_ready")
        #expect(!report.isReady)
    }

    @Test func noDependenciesIsReady() {
        #expect(ReadinessReport(checks: [:]).status == "ready")
    }
}
