/// The one readiness rule of every service: what a dependency holds for the service decides what
/// its outage does to `/health/ready`.
///
/// - ``required``: it holds the source of truth or the work (a database, a broker). Without it the
///   service cannot do its job, so while it is down the service is `not_ready` (HTTP 503) and a
///   load balancer takes it out.
/// - ``derived``: it holds data the service can do without or rebuild (a cache, a search index).
///   The service still answers, from the source of truth, so while it is down the service is
///   `degraded` with HTTP 200: the outage shows in the body and in the `dependency_up` gauge, and
///   taking every replica out of the load balancer for it would turn a slower service into none.
///
/// A service declares each dependency with its role (``ServiceDependencies``); a dependency it does
/// not use is not declared at all, so no outage of something unused can take it out.
public enum DependencyRole: String, Sendable, Codable, CaseIterable {
    case required
    case derived
}
