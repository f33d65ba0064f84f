import Metrics
import ServiceKit

/// The cache's counters in `/metrics`, one series per endpoint (`logs`, `stats`):
/// `query_cache_hits_total`, `query_cache_misses_total` (answered from PostgreSQL and stored) and
/// `query_cache_errors_total` (Redis failed or timed out; answered from PostgreSQL, not stored).
public struct QueryCacheMetrics: Sendable {
    public enum Endpoint: String, Sendable, CaseIterable {
        case logs
        case stats
    }

    private let hits: [Endpoint: Counter]
    private let misses: [Endpoint: Counter]
    private let errors: [Endpoint: Counter]

    public init() {
        // The first use of the registry bootstraps swift-metrics into it.
        _ = PrometheusMetrics.registry
        func counters(_ name: String) -> [Endpoint: Counter] {
            Dictionary(
                uniqueKeysWithValues: Endpoint.allCases.map {
                    ($0, Counter(label: name, dimensions: [("endpoint", $0.rawValue)]))
                })
        }
        hits = counters("query_cache_hits_total")
        misses = counters("query_cache_misses_total")
        errors = counters("query_cache_errors_total")
    }

    func hit(_ endpoint: Endpoint) { hits[endpoint]?.increment() }
    func miss(_ endpoint: Endpoint) { misses[endpoint]?.increment() }
    func error(_ endpoint: Endpoint) { errors[endpoint]?.increment() }
}
