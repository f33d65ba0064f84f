/// One dependency that `/health/ready` asks: a database, a broker, a cache, an index, a store.
///
/// `check()` returns when the dependency answered as it should and throws an error saying what went
/// wrong otherwise. It must be cheap (one round trip) because every readiness probe runs it.
public protocol DependencyCheck: Sendable {
    /// The name reported in `/health/ready` and in the `dependency_up` metric, e.g. "postgres".
    var name: String { get }
    /// What the service holds in it, which decides what its outage does to readiness (``DependencyRole``).
    var role: DependencyRole { get }
    func check() async throws
}

/// A dependency answered, but not as it should.
public struct DependencyCheckError: Error, CustomStringConvertible {
    public let description: String

    public init(_ description: String) { self.description = description }
}
