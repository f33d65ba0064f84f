import Logging
import NIOCore
import Redis

/// ``UserCache`` in Redis: key `<prefix><id>` (`tributary:user:42`), value the stored row as
/// compact JSON with the e-mail still sealed (``CachedUserValue``), expiring after the TTL.
///
/// Guarantees:
/// - Derived data only: a Redis error never fails a caller. It is logged, counted in
///   `user_cache_errors_total{operation}` and the caller goes on as if the key were absent.
/// - Writers (``refresh(_:)``, after a commit) overwrite; read fills (``fill(_:)``) only create a
///   missing key, so a fill that read PostgreSQL before a newer commit cannot replace that
///   commit's value.
/// - ``remove(id:)`` leaves a tombstone for ``tombstoneSeconds`` instead of deleting the key:
///   while it is there neither a late fill nor a late refresh can bring the deleted user back,
///   and lookups treat the user as not cached (PostgreSQL decides).
public struct RedisUserCache: UserCache {
    /// How long a deleted user's tombstone stays: longer than any read-then-fill or
    /// commit-then-refresh can take (each Redis step is bounded by the pool's short timeouts).
    public static let tombstoneSeconds = 60

    let redis: any RedisCommandSending
    let keyPrefix: String
    let ttlSeconds: Int
    let logger: Logger

    public init(redis: any RedisCommandSending, keyPrefix: String, ttlSeconds: Int, logger: Logger) {
        self.redis = redis
        self.keyPrefix = keyPrefix
        self.ttlSeconds = ttlSeconds
        self.logger = logger
    }

    public func key(_ id: Int64) -> String { keyPrefix + String(id) }

    public func lookup(id: Int64) async -> UserCacheLookup {
        let value: ByteBuffer?
        do {
            value = try await redis.get(key(id))
        } catch {
            failed(.get, error)
            UserCacheMetrics.cacheMisses.increment()
            return .miss
        }
        guard let value else {
            UserCacheMetrics.cacheMisses.increment()
            return .miss
        }
        if value.readableBytesView.elementsEqual(CachedUserValue.tombstone) {
            UserCacheMetrics.cacheDeleted.increment()
            return .deleted
        }
        do {
            let user = try CachedUserValue.decode(value)
            guard user.id == id else { throw CachedUserValueError.otherUser }
            UserCacheMetrics.cacheHits.increment()
            return .hit(user)
        } catch {
            // Not a value this version wrote: PostgreSQL answers, and the next write replaces it.
            logger.warning("unreadable cached user", metadata: ["user_id": "\(id)"])
            UserCacheMetrics.cacheMisses.increment()
            return .miss
        }
    }

    /// Sets the keys of `users` (just committed), each unless it holds a tombstone: one script call
    /// per ``refreshChunk`` users, all in one pipeline.
    public func refresh(_ users: [StoredUser]) async {
        guard !users.isEmpty else { return }
        do {
            let commands = stride(from: 0, to: users.count, by: Self.refreshChunk).map { start in
                let chunk = users[start..<min(start + Self.refreshChunk, users.count)]
                var arguments: [any RedisArgumentConvertible] = [Self.setUnlessDeleted, chunk.count]
                arguments.reserveCapacity(2 + 2 * chunk.count + 2)
                for user in chunk { arguments.append(key(user.id)) }
                for user in chunk { arguments.append(CachedUserValue.encode(user)) }
                arguments.append(ttlSeconds)
                arguments.append(CachedUserValue.tombstone)
                return RedisCommand("EVAL", arguments)
            }
            let replies = try await redis.pipeline(commands)
            if let failure = replies.first(where: { if case .error = $0 { true } else { false } }) {
                failed(.refresh, "\(failure)")
            }
        } catch {
            failed(.refresh, error)
        }
    }

    /// Users per script call of ``refresh(_:)``: few calls per batch, and none long enough to hold
    /// up Redis's other clients noticeably (a call runs alone).
    static let refreshChunk = 500

    /// Caches `user`, just read from PostgreSQL, unless its key exists (a newer value or a tombstone).
    public func fill(_ user: StoredUser) async {
        do {
            let value = CachedUserValue.encode(user)
            _ = try await redis.send(RedisCommand("SET", [key(user.id), value, "EX", ttlSeconds, "NX"]))
        } catch {
            failed(.fill, error)
        }
    }

    /// Marks user `id` deleted (after the delete committed).
    public func remove(id: Int64) async {
        do {
            try await redis.set(key(id), to: CachedUserValue.tombstone, expiration: .seconds(Self.tombstoneSeconds))
        } catch {
            failed(.remove, error)
        }
    }

    /// For each i, SET KEYS[i] ARGV[i] EX <ttl>, unless KEYS[i] holds the tombstone; the TTL and
    /// the tombstone are the last two arguments. Redis runs a script atomically, so no delete can
    /// come between a check and its write.
    static let setUnlessDeleted = """
        local ttl, tombstone = ARGV[#ARGV - 1], ARGV[#ARGV]
        local written = 0
        for i, key in ipairs(KEYS) do
            if redis.call('GET', key) ~= tombstone then
                redis.call('SET', key, ARGV[i], 'EX', ttl)
                written = written + 1
            end
        end
        return written
        """

    private func failed(_ operation: UserCacheMetrics.CacheOperation, _ error: any Error) {
        failed(operation, "\(error)")
    }

    private func failed(_ operation: UserCacheMetrics.CacheOperation, _ reason: String) {
        UserCacheMetrics.cacheError(operation).increment()
        logger.warning(
            "user cache unavailable, going on without it",
            metadata: ["operation": "\(operation.rawValue)", "error": "\(reason)"])
    }
}
