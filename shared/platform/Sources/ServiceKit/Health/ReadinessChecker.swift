import Metrics

/// What `/health/ready` answers: ready only when every dependency answered.
public struct ReadinessReport: Codable, Sendable, Equatable {
    public struct Check: Codable, Sendable, Equatable {
        public let status: String
        public let latencyMs: Int
        public let error: String?

        enum CodingKeys: String, CodingKey {
            case status
            case latencyMs = "latency_ms"
            case error
        }
    }

    public let status: String
    public let checks: [String: Check]

    public var isReady: Bool { status == "ready" }
}

/// Asks every ``DependencyCheck`` at once, each under its own time limit, and records the result
/// in the `dependency_up{dependency=…}` gauge.
public struct ReadinessChecker: Sendable {
    public let checks: [any DependencyCheck]
    public let timeout: Duration

    public init(checks: [any DependencyCheck], timeout: Duration = .seconds(2)) {
        self.checks = checks
        self.timeout = timeout
    }

    public func evaluate() async -> ReadinessReport {
        let timeout = self.timeout
        let results = await withTaskGroup(of: (String, ReadinessReport.Check).self) { group in
            for dependency in checks {
                group.addTask {
                    let clock = ContinuousClock()
                    let started = clock.now
                    var failure: String?
                    do {
                        try await withTimeout(timeout) { try await dependency.check() }
                    } catch {
                        failure = String(describing: error)
                    }
                    let elapsed = clock.now - started
                    let milliseconds = Int(
                        elapsed.components.seconds * 1000 + elapsed.components.attoseconds / 1_000_000_000_000_000)
                    Gauge(label: "dependency_up", dimensions: [("dependency", dependency.name)]).record(
                        failure == nil ? 1 : 0)
                    return (
                        dependency.name,
                        .init(status: failure == nil ? "up" : "down", latencyMs: milliseconds, error: failure)
                    )
                }
            }
            var collected: [String: ReadinessReport.Check] = [:]
            for await (name, check) in group { collected[name] = check }
            return collected
        }
        let ready = results.values.allSatisfy { $0.status == "up" }
        return ReadinessReport(status: ready ? "ready" : "not_ready", checks: results)
    }
}
