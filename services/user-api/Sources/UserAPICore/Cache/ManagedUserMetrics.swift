import Prometheus
import ServiceKit

/// user-api's own counters on the process-wide registry behind `/metrics`:
/// - `user_cache_lookups_total{result="hit|absent|miss"}`: `GET /users/{email}` answered from Redis
///   (a user, or "no such user"), or read from PostgreSQL (a Redis error counts as a miss);
/// - `user_cache_errors_total{operation="read|write"}`: Redis steps that failed and were skipped;
/// - `user_index_documents_total{result="indexed|stale"}`: documents the indexer sent, and those
///   Elasticsearch kept its newer version of;
/// - `user_index_failures_total`: bulk requests that failed (retried after a backoff);
/// - `user_search_total{source="elasticsearch|postgres"}`: which one answered `GET /users/search`.
enum ManagedUserMetrics {
    static let cacheHits = lookups("hit")
    static let cacheAbsent = lookups("absent")
    static let cacheMisses = lookups("miss")
    static let indexed = documents("indexed")
    static let stale = documents("stale")
    static let indexFailures = PrometheusMetrics.counter(
        "user_index_failures", help: "Bulk requests of the user indexer that failed and will be retried")
    static let searchedInElasticsearch = searches("elasticsearch")
    static let searchedInPostgres = searches("postgres")

    static func cacheError(_ operation: String) -> Counter {
        PrometheusMetrics.counter(
            "user_cache_errors", help: "Redis steps of user-api that failed and were skipped, by operation",
            label: ("operation", operation))
    }

    private static func lookups(_ result: String) -> Counter {
        PrometheusMetrics.counter(
            "user_cache_lookups", help: "GET /users/{email} lookups in the Redis cache, by result",
            label: ("result", result))
    }

    private static func documents(_ result: String) -> Counter {
        PrometheusMetrics.counter(
            "user_index_documents", help: "Documents the user indexer sent to Elasticsearch, by result",
            label: ("result", result))
    }

    private static func searches(_ source: String) -> Counter {
        PrometheusMetrics.counter(
            "user_search", help: "GET /users/search answers, by the source that answered", label: ("source", source))
    }
}
