import Redis
import Synchronization

@testable import UserConsumerCore

/// Collects the ids announced on a changes channel, from the moment ``start(_:channel:)`` returns.
final class ChangeCollector: Sendable {
    private let subscription: RedisSubscription
    private let received = Mutex<[Int64]>([])
    private let task = Mutex<Task<Void, Never>?>(nil)

    private init(subscription: RedisSubscription) { self.subscription = subscription }

    static func start(_ redis: RedisCommandSending, channel: String) async throws -> ChangeCollector {
        let subscription = try await RedisSubscriber(configuration: RedisClientConfiguration(endpoint: redis.endpoint))
            .subscribe(to: [channel])
        let collector = ChangeCollector(subscription: subscription)
        collector.task.withLock { task in
            task = Task {
                for await message in subscription {
                    let ids = UserChangeMessage.decode(message.text) ?? []
                    collector.received.withLock { $0 += ids }
                }
            }
        }
        return collector
    }

    /// Every id received so far, in order, repeats included.
    var ids: [Int64] { received.withLock { $0 } }

    /// Ends the subscription and waits for the collecting task.
    func stop() async {
        subscription.finish()
        await task.withLock { $0 }?.value
    }
}
