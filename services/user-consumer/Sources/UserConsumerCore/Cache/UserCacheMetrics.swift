import Prometheus
import ServiceKit

/// user-consumer's own counters on the process-wide registry behind `/metrics`.
///
/// - `user_cache_lookups_total{result="hit|miss|deleted"}`: `GET /users/{id}` answered from Redis,
///   or read from PostgreSQL because the key was absent or marked deleted (a Redis error counts as a miss);
/// - `user_cache_errors_total{operation="get|refresh|fill|remove|publish|subscribe"}`: Redis steps
///   that failed; each was logged and the request or batch went on without it.
enum UserCacheMetrics {
    static let cacheHits = lookups("hit")
    static let cacheMisses = lookups("miss")
    static let cacheDeleted = lookups("deleted")

    /// The error counter of `operation` (the registry hands back the same counter each time;
    /// errors are rare, so the lookup costs nothing that matters).
    static func cacheError(_ operation: CacheOperation) -> Counter {
        PrometheusMetrics.counter(
            "user_cache_errors", help: "Redis steps of user-consumer that failed and were skipped, by operation",
            label: ("operation", operation.rawValue))
    }

    enum CacheOperation: String {
        case get, refresh, fill, remove, publish, subscribe
    }

    private static func lookups(_ result: String) -> Counter {
        PrometheusMetrics.counter(
            "user_cache_lookups", help: "GET /users/{id} lookups in the Redis cache, by result",
            label: ("result", result))
    }
}
