import Contracts
import Logging
import NIOCore
import Redis

/// Cached answers of `GET /logs` and `GET /logs/stats` in Redis, keyed by the query-cache
/// generation that log-worker increments after each commit (`CacheKeys.logsGeneration`).
///
/// Guarantees:
/// - A cached answer never hides a committed row for longer than it takes log-worker to increment
///   the generation after its commit: the generation is read before the query runs, and the
///   answer is stored under that generation, so any row committed before the increment that made
///   the current generation was visible to the query that produced the answer.
/// - Generation and cached value are read in one round trip (one `EVAL`).
/// - Redis failing or answering late (``QueryServiceConfig/cacheTimeout``) never fails a request:
///   the lookup counts an error and the answer comes from PostgreSQL, not stored.
public struct QueryCache: Sendable {
    /// Reads the generation (absent = "0") and the value under it, atomically, in one round trip.
    /// The value's key is built inside the script from the generation it just read; that is fine
    /// on one Redis server (not on Redis Cluster, which wants every key in KEYS).
    static let lookupScript = """
        local generation = redis.call('GET', KEYS[1]) or '0'
        return {generation, redis.call('GET', ARGV[1] .. generation .. ':' .. ARGV[2])}
        """

    /// Bigger answers are served but not stored: they would cost Redis more than PostgreSQL.
    static let maximumStoredBytes = 4 << 20

    public enum Lookup: Sendable, Equatable {
        /// The answer, as stored.
        case hit(ByteBuffer)
        /// Not cached under the current generation, which the answer must be stored under.
        case miss(generation: String)
        /// Redis failed: answer from PostgreSQL and store nothing.
        case unavailable
    }

    let redis: any RedisCommandSending
    let ttlSeconds: Int
    let metrics: QueryCacheMetrics
    let logger: Logger

    public init(redis: any RedisCommandSending, ttlSeconds: Int, metrics: QueryCacheMetrics, logger: Logger) {
        self.redis = redis
        self.ttlSeconds = ttlSeconds
        self.metrics = metrics
        self.logger = logger
    }

    public func lookup(_ key: QueryCacheKey, for endpoint: QueryCacheMetrics.Endpoint) async -> Lookup {
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
            logger.warning("query cache unavailable, answering from PostgreSQL", metadata: ["error": "\(error)"])
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
            logger.warning("cannot store a query answer in Redis", metadata: ["error": "\(error)"])
        }
    }
}

/// Redis answered the cache in a way it never should.
struct QueryCacheError: Error, CustomStringConvertible {
    let description: String
}
