import Logging
import NIOCore
import Redis
import ServiceKit

/// `GET /users/{email}` through Redis: key `<prefix><lower-cased address>`, value the user's answer
/// JSON with its version (``RedisVersionedCache``: an entry is only ever replaced by a newer version).
///
/// - A read answers from Redis when the key holds the user or "absent"; otherwise it reads
///   PostgreSQL and caches what it found: the user for ``ttlSeconds``, or "absent" at version 0 for
///   ``missTTLSeconds`` (a storm of unknown addresses then stops at Redis). Concurrent misses of one
///   key in this process make one query (``SingleFlight``).
/// - After a commit the route writes the user (``written(_:)``), or a tombstone at the delete's
///   version (``deleted(_:)``): a fill that read PostgreSQL before the commit cannot undo it.
/// - Redis down or slow (beyond `USER_CACHE_TIMEOUT_MS`): reads go to PostgreSQL, writes are skipped;
///   logged and counted, never an error for the client.
public struct ManagedUserCache: Sendable {
    let versioned: RedisVersionedCache
    let store: any ManagedUserStore
    let keyPrefix: String
    let ttlSeconds: Int
    let missTTLSeconds: Int
    let flights = SingleFlight<String, Answer>()

    /// What a read found.
    public enum Answer: Sendable, Equatable {
        /// The user's answer JSON.
        case user(ByteBuffer)
        case notFound
    }

    public init(
        redis: any RedisCommandSending, store: any ManagedUserStore, keyPrefix: String, ttlSeconds: Int,
        missTTLSeconds: Int, logger: Logger
    ) {
        self.versioned = RedisVersionedCache(redis: redis) { operation, error in
            ManagedUserMetrics.cacheError(operation.rawValue).increment()
            logger.warning(
                "user cache unavailable, going on without it",
                metadata: ["operation": "\(operation.rawValue)", "error": "\(error)"])
        }
        self.store = store
        self.keyPrefix = keyPrefix
        self.ttlSeconds = ttlSeconds
        self.missTTLSeconds = missTTLSeconds
    }

    public func key(_ email: String) -> String { keyPrefix + ManagedUser.key(email) }

    /// User `email`: from Redis, else from PostgreSQL (then cached).
    public func read(_ email: String) async throws -> Answer {
        let key = key(email)
        if let answer = await cached(key) { return answer }
        ManagedUserMetrics.cacheMisses.increment()
        return try await flights.run(key) { [self] in
            // Read again: a flight that ended between this caller's miss and its joining one has
            // filled the key, and its answer is there without a query.
            if let answer = await cached(key) { return answer }
            guard let user = try await store.user(email: email) else {
                await versioned.write(key, version: 0, payload: nil, ttlSeconds: missTTLSeconds)
                return .notFound
            }
            let json = user.json
            await versioned.write(key, version: user.version, payload: json, ttlSeconds: ttlSeconds)
            return .user(ByteBuffer(bytes: json))
        }
    }

    /// What Redis holds for `key`, or nil when it holds nothing usable.
    private func cached(_ key: String) async -> Answer? {
        switch await versioned.read(key) {
        case .present(_, let payload):
            ManagedUserMetrics.cacheHits.increment()
            return .user(payload)
        case .absent:
            ManagedUserMetrics.cacheAbsent.increment()
            return .notFound
        case .unknown:
            return nil
        }
    }

    /// `user` was just committed (created or changed); `previousEmail` is the address it had when a
    /// change moved it to another key, which then says "absent" from this version on.
    public func written(_ user: ManagedUser, previousEmail: String? = nil) async {
        if let previousEmail, ManagedUser.key(previousEmail) != ManagedUser.key(user.email) {
            await versioned.write(key(previousEmail), version: user.version, payload: nil, ttlSeconds: ttlSeconds)
        }
        await versioned.write(key(user.email), version: user.version, payload: user.json, ttlSeconds: ttlSeconds)
    }

    /// `user` was just deleted: a tombstone at the delete's version.
    public func deleted(_ user: DeletedUser) async {
        await versioned.write(key(user.email), version: user.version, payload: nil, ttlSeconds: ttlSeconds)
    }
}
