import Logging
import NIOCore
import ServiceKit

/// Answers cached in Redis under a generation that every writer bumps after its commit: the
/// pattern of query-service's log queries (log-worker bumps) and user-api's age groups (its
/// consumer bumps), in one place.
///
/// Keys: the generation is `generationKey` (absent reads as "0"); an answer is
/// `<valuePrefix><generation>:<key>`, with a TTL.
///
/// Guarantees:
/// - A cached answer never hides a commit for longer than it takes the writer to bump the
///   generation after that commit: the generation is read before the query runs and the answer is
///   stored under it, so any row committed before the bump that made the current generation was
///   visible to the query that produced the answer.
/// - Generation and answer are read in one round trip (one `EVAL`).
/// - Derived data only: a Redis error never reaches the caller. A lookup answers
///   ``Lookup/unavailable`` (answer from the source, store nothing), a store is skipped; each
///   failure goes to `failed`. After a failure the cache is left alone for `pauseAfterFailure`, so an
///   unreachable Redis costs at most one timeout per pause, not one per request.
public struct RedisGenerationCache: Sendable {
    /// What the cache holds for one key.
    public enum Lookup: Sendable, Equatable {
        /// The answer, as stored.
        case hit(ByteBuffer)
        /// Not cached under the current generation, which the answer must be stored under.
        case miss(generation: String)
        /// Redis failed or the cache is paused: answer from the source and store nothing.
        case unavailable
    }

    /// Reads the generation (absent = "0") and the value under it, atomically, in one round trip.
    /// The value's key is built inside the script from the generation it just read; that is fine
    /// on one Redis server (not on Redis Cluster, which wants every key in KEYS).
    static let lookupScript = """
        local generation = redis.call('GET', KEYS[1]) or '0'
        return {generation, redis.call('GET', ARGV[1] .. generation .. ':' .. ARGV[2])}
        """

    public let generationKey: String
    public let valuePrefix: String
    let redis: any RedisCommandSending
    let ttlSeconds: Int
    let maximumStoredBytes: Int
    let pause: FailureCooldown
    let failed: @Sendable (_ firstOfPause: Bool, any Error) -> Void

    /// - Parameters:
    ///   - maximumStoredBytes: bigger answers are served but not stored (they cost Redis more than the source).
    ///   - failed: called for every Redis failure; `firstOfPause` is true when it started a pause (log then).
    public init(
        redis: any RedisCommandSending, generationKey: String, valuePrefix: String, ttlSeconds: Int,
        maximumStoredBytes: Int = 4 << 20, pauseAfterFailure: Duration = .seconds(1),
        failed: @escaping @Sendable (_ firstOfPause: Bool, any Error) -> Void
    ) {
        self.redis = redis
        self.generationKey = generationKey
        self.valuePrefix = valuePrefix
        self.ttlSeconds = ttlSeconds
        self.maximumStoredBytes = maximumStoredBytes
        self.pause = FailureCooldown(period: pauseAfterFailure)
        self.failed = failed
    }

    /// The Redis key of the answer for `key` under `generation`.
    public func redisKey(_ key: String, generation: String) -> String {
        valuePrefix + generation + ":" + key
    }

    /// The answer stored for `key` under the current generation, or that generation.
    public func lookup(_ key: String) async -> Lookup {
        guard !pause.isCoolingDown else { return .unavailable }
        do {
            let reply = try await redis.send([
                "EVAL", RedisArgument(Self.lookupScript), "1", RedisArgument(generationKey), RedisArgument(valuePrefix),
                RedisArgument(key),
            ])
            guard let parts = reply.array, parts.count == 2, let generation = parts[0].string else {
                throw RedisError(
                    .unexpectedReply, endpoint: redis.endpoint, command: "EVAL", message: "\(reply)")
            }
            if let cached = parts[1].bytes { return .hit(cached) }
            return .miss(generation: generation)
        } catch {
            report(error)
            return .unavailable
        }
    }

    /// What a store did.
    public enum Stored: Sendable, Equatable {
        case stored
        /// Larger than `maximumStoredBytes`: served, not cached.
        case tooLarge
        /// Redis failed (reported to `failed`).
        case failed
    }

    /// Stores `body` for `key` under `generation` (the one ``lookup(_:)`` answered before the
    /// source was read) with the TTL.
    @discardableResult
    public func store(_ body: ByteBuffer, for key: String, generation: String) async -> Stored {
        guard body.readableBytes <= maximumStoredBytes else { return .tooLarge }
        do {
            try await redis.set(redisKey(key, generation: generation), to: body, expiration: .seconds(ttlSeconds))
            return .stored
        } catch {
            report(error)
            return .failed
        }
    }

    /// Makes every stored answer obsolete; call after each commit of the source. Throws what Redis
    /// threw (the writer logs it: answers then live until their TTL).
    @discardableResult
    public func bump() async throws -> Int {
        try await redis.incr(generationKey)
    }

    private func report(_ error: any Error) {
        let first = !pause.isCoolingDown
        pause.failed()
        failed(first, error)
    }
}
