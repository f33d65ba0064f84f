import Logging
import Redis

/// Brings Redis up to date once users were committed to, or deleted from, PostgreSQL: their cache
/// keys, and the ids on the changes channel for `/users/sse?follow=true`.
///
/// Guarantees: called only after the commit, so Redis never shows what PostgreSQL does not hold.
/// The cache is refreshed before the ids are published, so a follower that reads a user upon its
/// announcement finds it cached. Never throws and never waits long: each of the two Redis steps
/// ends within the pool's short timeouts (``UserRoutesConfig/cacheTimeout``), so an unreachable Redis
/// costs a batch or a request about that much and loses no data (failures are logged and counted in
/// `user_cache_errors_total`).
public struct UserRedisSync: UserChangePublisher {
    let cache: RedisUserCache
    let redis: any RedisCommandSending
    let changesChannel: String
    let logger: Logger

    public init(cache: RedisUserCache, redis: any RedisCommandSending, changesChannel: String, logger: Logger) {
        self.cache = cache
        self.redis = redis
        self.changesChannel = changesChannel
        self.logger = logger
    }

    /// Refreshes the cache keys of `users`, then publishes their ids.
    public func committed(_ users: [StoredUser]) async {
        guard !users.isEmpty else { return }
        await cache.refresh(users)
        await publish(users.map(\.id))
    }

    /// Marks user `id` deleted in the cache.
    public func deleted(id: Int64) async {
        await cache.remove(id: id)
    }

    private func publish(_ ids: [Int64]) async {
        do {
            try await redis.publish(UserChangeMessage.encode(ids), to: changesChannel)
        } catch {
            UserCacheMetrics.cacheError(.publish).increment()
            logger.warning(
                "cannot publish user changes, followers will miss them",
                metadata: ["channel": "\(changesChannel)", "users": "\(ids.count)", "error": "\(error)"])
        }
    }
}
