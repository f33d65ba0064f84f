import Foundation
import Redis
import ServiceKit
import TestInfra

/// A pool on the run's shared Redis server, shut down after `body`.
func withPool<T>(
    poolSize: Int = 8, commandTimeout: Duration = .seconds(5),
    _ body: (RedisConnectionPool) async throws -> T
) async throws -> T {
    let endpoint = try await TestServers.shared().redis.endpoint
    let pool = RedisConnectionPool(
        configuration: RedisClientConfiguration(endpoint: endpoint, poolSize: poolSize, commandTimeout: commandTimeout))
    do {
        let result = try await body(pool)
        await pool.shutdown()
        return result
    } catch {
        await pool.shutdown()
        throw error
    }
}

/// The shared server's client settings.
func sharedRedisConfiguration() async throws -> RedisClientConfiguration {
    RedisClientConfiguration(endpoint: try await TestServers.shared().redis.endpoint)
}

/// A key no other test uses.
func uniqueKey(_ prefix: String = "itest") -> String {
    TestNames.unique(prefix, separator: ":")
}

/// Reads a subscription with its one iterator, giving up at a deadline.
struct SubscriptionReader {
    let subscription: RedisSubscription
    private var iterator: RedisSubscription.AsyncIterator

    init(_ subscription: RedisSubscription) {
        self.subscription = subscription
        self.iterator = subscription.makeAsyncIterator()
    }

    /// The next `count` messages, or fewer if `deadline` passes first: a watchdog then finishes
    /// the subscription, which ends the iteration (and the subscription) for good.
    mutating func next(_ count: Int, within deadline: Duration) async -> [RedisPubSubMessage] {
        let subscription = self.subscription
        let watchdog = Task {
            try await Task.sleep(for: deadline)
            subscription.finish()
        }
        defer { watchdog.cancel() }
        var received: [RedisPubSubMessage] = []
        while received.count < count, let message = await iterator.next() {
            received.append(message)
        }
        return received
    }
}
