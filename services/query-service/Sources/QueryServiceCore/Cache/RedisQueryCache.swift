import Contracts
import Logging
import NIOCore
import Redis

/// ``QueryCache`` in Redis: cached answers of `GET /logs` and `GET /logs/stats`, keyed by the
/// query-cache generation that log-worker increments after each commit (`CacheKeys.logsGeneration`).
/// The generation pattern itself is the platform's ``RedisGenerationCache`` (user-api's age groups
/// use it too); this type adds the endpoint metrics and the log line.
///
/// Guarantees (``RedisGenerationCache``'s):
/// - A cached answer never hides a committed row for longer than it takes log-worker to increment
///   the generation after its commit: the generation is read before the query runs, and the
///   answer is stored under that generation.
/// - Generation and cached value are read in one round trip (one `EVAL`).
/// - Redis failing or answering late (`REDIS_COMMAND_TIMEOUT_MS`) never fails a request: the
///   answer comes from PostgreSQL and is not stored. After a failure the cache is left alone for
///   ``pauseAfterFailure``, so an unreachable Redis costs at most one timeout per pause, not one per
///   request, and logs one warning per pause. Every request answered without Redis counts in
///   `query_cache_errors_total`.
public struct RedisQueryCache: QueryCache {
    public static let pauseAfterFailure = Duration.seconds(1)

    let cache: RedisGenerationCache
    let metrics: QueryCacheMetrics

    public init(redis: any RedisCommandSending, ttlSeconds: Int, metrics: QueryCacheMetrics, logger: Logger) {
        self.metrics = metrics
        self.cache = RedisGenerationCache(
            redis: redis, generationKey: CacheKeys.logsGeneration, valuePrefix: QueryCacheKey.prefix,
            ttlSeconds: ttlSeconds, pauseAfterFailure: Self.pauseAfterFailure
        ) { firstOfPause, error in
            guard firstOfPause else { return }
            logger.warning(
                "query cache unavailable; answering from PostgreSQL",
                metadata: ["error": "\(error)", "retry_in": "\(Self.pauseAfterFailure)"])
        }
    }

    public func lookup(_ key: QueryCacheKey, for endpoint: QueryCacheMetrics.Endpoint) async -> QueryCacheLookup {
        switch await cache.lookup(key.digest) {
        case .hit(let cached):
            metrics.hit(endpoint)
            return .hit(cached)
        case .miss(let generation):
            metrics.miss(endpoint)
            return .miss(generation: generation)
        case .unavailable:
            metrics.error(endpoint)
            return .unavailable
        }
    }

    /// Stores `body` for `key` under `generation` with the configured TTL; a failure is logged and
    /// counted, never thrown (the answer is still right, only not cached).
    public func store(
        _ body: ByteBuffer, for key: QueryCacheKey, generation: String, endpoint: QueryCacheMetrics.Endpoint
    ) async {
        if await cache.store(body, for: key.digest, generation: generation) == .failed {
            metrics.error(endpoint)
        }
    }
}
