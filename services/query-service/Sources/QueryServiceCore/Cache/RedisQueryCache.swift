import Contracts
import Logging
import NIOCore
import Redis
import Synchronization

/// ``QueryCache`` in Redis: cached answers of `GET /logs` and `GET /logs/stats`, keyed by the
/// query-cache generation that log-worker increments after each commit (`CacheKeys.logsGeneration`).
///
/// Guarantees:
/// - A cached answer never hides a committed row for longer than it takes log-worker to increment
///   the generation after its commit: the generation is read before the query runs, and the
///   answer is stored under that generation, so any row committed before the increment that made
///   the current generation was visible to the query that produced the answer.
/// - Generation and cached value are read in one round trip (one `EVAL`).
/// - Redis failing or answering late (`REDIS_COMMAND_TIMEOUT_MS`) never fails a request: the
///   answer comes from PostgreSQL and is not stored. After a failure the cache is left alone for
///   ``pauseAfterFailure``, so an unreachable Redis costs at most one timeout per pause, not one per
///   request, and logs one warning per pause. Every request answered without Redis counts in
///   `query_cache_errors_total`.
public struct RedisQueryCache: QueryCache {
    /// Reads the generation (absent = "0") and the value under it, atomically, in one round trip.
    /// The value's key is built inside the script from the generation it just read; that is fine
    /// on one Redis server (not on Redis Cluster, which wants every key in KEYS).
    static let lookupScript = """
        local generation = redis.call('GET', KEYS[1]) or '0'
        return {generation, redis.call('GET', ARGV[1] .. generation .. ':' .. ARGV[2])}
        """

    /// Bigger answers are served but not stored: they would cost Redis more than PostgreSQL.
    static let maximumStoredBytes = 4 << 20

    public static let pauseAfterFailure = Duration.seconds(1)

    let redis: any RedisCommandSending
    let ttlSeconds: Int
    let metrics: QueryCacheMetrics
    let logger: Logger
    /// Until when the cache is left alone after a Redis failure; shared by every copy of this value.
    private let pausedUntil = PauseState()

    public init(redis: any RedisCommandSending, ttlSeconds: Int, metrics: QueryCacheMetrics, logger: Logger) {
        self.redis = redis
        self.ttlSeconds = ttlSeconds
        self.metrics = metrics
        self.logger = logger
    }

    public func lookup(_ key: QueryCacheKey, for endpoint: QueryCacheMetrics.Endpoint) async -> QueryCacheLookup {
        guard !pausedUntil.isPaused else {
            metrics.error(endpoint)
            return .unavailable
        }
        do {
            let reply = try await redis.send([
                "EVAL", RedisArgument(Self.lookupScript), "1", RedisArgument(CacheKeys.logsGeneration),
                RedisArgument(QueryCacheKey.prefix), RedisArgument(key.digest),
            ])
            guard let parts = reply.array, parts.count == 2, let generation = parts[0].string else {
                throw QueryCacheError(description: "unexpected reply to the lookup script: \(reply)")
            }
            if let cached = parts[1].bytes {
                metrics.hit(endpoint)
                return .hit(cached)
            }
            metrics.miss(endpoint)
            return .miss(generation: generation)
        } catch {
            metrics.error(endpoint)
            failed(error)
            return .unavailable
        }
    }

    /// Stores `body` for `key` under `generation` with the configured TTL; a failure is logged and
    /// counted, never thrown (the answer is still right, only not cached).
    public func store(
        _ body: ByteBuffer, for key: QueryCacheKey, generation: String, endpoint: QueryCacheMetrics.Endpoint
    ) async {
        guard body.readableBytes <= Self.maximumStoredBytes else { return }
        do {
            try await redis.set(key.redisKey(generation: generation), to: body, expiration: .seconds(ttlSeconds))
        } catch {
            metrics.error(endpoint)
            failed(error)
        }
    }

    private func failed(_ error: any Error) {
        guard pausedUntil.pause(for: Self.pauseAfterFailure) else { return }
        logger.warning(
            "query cache unavailable; answering from PostgreSQL",
            metadata: ["error": "\(error)", "retry_in": "\(Self.pauseAfterFailure)"])
    }
}

/// When the cache may be tried again after a failure.
private final class PauseState: Sendable {
    /// The end of the current pause, if any; guarded by the mutex.
    private let until = Mutex<ContinuousClock.Instant?>(nil)

    var isPaused: Bool {
        until.withLock { end in
            guard let current = end else { return false }
            if ContinuousClock.now < current { return true }
            end = nil
            return false
        }
    }

    /// Starts a pause unless one is running; true when this call started it.
    func pause(for duration: Duration) -> Bool {
        until.withLock { end in
            if let current = end, ContinuousClock.now < current { return false }
            end = ContinuousClock.now.advanced(by: duration)
            return true
        }
    }
}

/// Redis answered the cache in a way it never should.
struct QueryCacheError: Error, CustomStringConvertible {
    let description: String
}
