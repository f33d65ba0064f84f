import NIOCore

/// Where the routes keep the answers of `GET /logs` and `GET /logs/stats`, so a repeated query
/// is not read from PostgreSQL again (``RedisQueryCache`` in the service).
///
/// Contract: a lookup never throws (a cache failure is ``QueryCacheLookup/unavailable`` and the
/// request is answered from PostgreSQL), and an answer stored under a generation is served only
/// while that generation is current, so a cached answer never hides a newer commit for long.
public protocol QueryCache: Sendable {
    /// The answer stored for `key` under the current generation, or that generation.
    func lookup(_ key: QueryCacheKey, for endpoint: QueryCacheMetrics.Endpoint) async -> QueryCacheLookup
    /// Stores `body` for `key` under `generation` (the one ``lookup(_:for:)`` answered before the
    /// query ran); a failure is the cache's own business, never the caller's.
    func store(
        _ body: ByteBuffer, for key: QueryCacheKey, generation: String, endpoint: QueryCacheMetrics.Endpoint)
        async
}

/// What a ``QueryCache`` holds for one query.
public enum QueryCacheLookup: Sendable, Equatable {
    /// The answer, as stored.
    case hit(ByteBuffer)
    /// Not cached under the current generation, which the answer must be stored under.
    case miss(generation: String)
    /// The cache failed: answer from PostgreSQL and store nothing.
    case unavailable
}
