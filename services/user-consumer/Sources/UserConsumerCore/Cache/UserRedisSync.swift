import Logging
import Redis

/// Brings Redis up to date once users were committed to, or deleted from, PostgreSQL: their cache
/// keys, and the ids on the changes channel for `/users/sse?follow=true`.
///
/// Guarantees: called only after the commit, so Redis never shows what PostgreSQL does not hold.
/// Never throws and never waits long: each Redis step ends within the pool's short timeouts
/// (``UserAPIConfig/cacheTimeout``), and the cache refresh and the publish run side by side, so an
/// unreachable Redis costs a batch or a request about that much and loses no data (failures are
/// logged and counted in `user_cache_errors_total`).
public struct UserRedisSync: Sendable {
    let cache: UserCache
    let redis: any RedisCommandSending
    let changesChannel: String
    let logger: Logger

    public init(cache: UserCache, redis: any RedisCommandSending, changesChannel: String, logger: Logger) {
        self.cache = cache
        self.redis = redis
        self.changesChannel = changesChannel
        self.logger = logger
    }

    /// Refreshes the cache keys of `users` and publishes their ids.
    public func committed(_ users: [StoredUser]) async {
        guard !users.isEmpty else { return }
        async let refreshed: Void = cache.refresh(users)
        async let published: Void = publish(users.map(\.id))
        _ = await (refreshed, published)
    }

    /// Marks user `id` deleted in the cache.
    public func deleted(id: Int64) async {
        await cache.remove(id: id)
    }

    private func publish(_ ids: [Int64]) async {
        do {
            try await redis.publish(UserChangeMessage.encode(ids), to: changesChannel)
        } catch {
            UserAPIMetrics.cacheError(.publish).increment()
            logger.warning(
                "cannot publish user changes, followers will miss them",
                metadata: ["channel": "\(changesChannel)", "users": "\(ids.count)", "error": "\(error)"])
        }
    }
}
