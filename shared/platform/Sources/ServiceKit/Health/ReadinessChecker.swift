import Metrics

/// What `/health/ready` answers, by the rule of ``DependencyRole``:
/// - `ready` (HTTP 200): every dependency answered;
/// - `degraded` (HTTP 200): every required one answered, a derived one (cache, index) did not;
/// - `not_ready` (HTTP 503): a required one (database, broker) did not.
public struct ReadinessReport: Codable, Sendable, Equatable {
    public struct Check: Codable, Sendable, Equatable {
        /// `up` or `down`.
        public let status: String
        public let role: DependencyRole
        public let latencyMs: Int
        public let error: String?

        public init(status: String, role: DependencyRole, latencyMs: Int, error: String?) {
            self.status = status
            self.role = role
            self.latencyMs = latencyMs
            self.error = error
        }

        public var isUp: Bool { status == "up" }

        enum CodingKeys: String, CodingKey {
            case status
            case role
            case latencyMs = "latency_ms"
            case error
        }
    }

    public static let ready = "ready"
    public static let degraded = "degraded"
    public static let notReady = "not_ready"

    public let status: String
    public let checks: [String: Check]

    public init(checks: [String: Check]) {
        self.checks = checks
        self.status = Self.status(of: checks.values)
    }

    /// The one rule: a required dependency down makes the service `not_ready`; a derived one down
    /// makes it `degraded`; otherwise it is `ready`.
    public static func status(of checks: some Sequence<Check>) -> String {
        var degraded = false
        for check in checks where !check.isUp {
            if check.role == .required { return notReady }
            degraded = true
        }
        return degraded ? Self.degraded : ready
    }

    /// True when the service takes traffic (HTTP 200): `ready` or `degraded`.
    public var isReady: Bool { status != Self.notReady }
    /// True when every dependency answered.
    public var isFullyReady: Bool { status == Self.ready }
}

/// Asks every ``DependencyCheck`` at once, each under its own time limit, records the result in the
/// `dependency_up{dependency=…}` gauge (1 up, 0 down, whatever the role) and reports by the rule of
/// ``ReadinessReport``.
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
                        .init(
                            status: failure == nil ? "up" : "down", role: dependency.role, latencyMs: milliseconds,
                            error: failure)
                    )
                }
            }
            var collected: [String: ReadinessReport.Check] = [:]
            for await (name, check) in group { collected[name] = check }
            return collected
        }
        return ReadinessReport(checks: results)
    }
}
