import NIOCore
import Redis
import ServiceKit
import TestInfra
import Testing

@Suite("Redis pub/sub subscriptions, against a real server", .timeLimit(.minutes(5)))
struct RedisPubSubTests {
    @Test func twoSubscribersEachReceiveEveryMessageInOrder() async throws {
        let configuration = try await sharedRedisConfiguration()
        let channel = uniqueKey("channel")
        let subscriber = RedisSubscriber(configuration: configuration)
        let first = try await subscriber.subscribe(to: [channel])
        let second = try await subscriber.subscribe(to: [channel])
        try await withPool { pool in
            for index in 1...3 {
                #expect(try await pool.publish("message \(index)", to: channel) == 2)
            }
            try await pool.publish([0x00, 0xFF], to: channel)
        }
        for subscription in [first, second] {
            var reader = SubscriptionReader(subscription)
            let received = await reader.next(4, within: .seconds(10))
            #expect(received.map(\.channel) == Array(repeating: channel, count: 4))
            #expect(received.prefix(3).map(\.text) == ["message 1", "message 2", "message 3"])
            #expect(received.last?.payload == ByteBuffer(bytes: [0x00, 0xFF]))
            #expect(received.allSatisfy { $0.pattern == nil })
            subscription.finish()
        }
    }

    @Test func aPatternSubscriptionReceivesMatchingChannelsWithThePattern() async throws {
        let prefix = uniqueKey("events")
        let subscription = try await RedisSubscriber(configuration: try await sharedRedisConfiguration())
            .subscribe(to: [], patterns: [prefix + ":*"])
        try await withPool { pool in
            try await pool.publish("ignored", to: prefix + "-other")
            try await pool.publish("created", to: prefix + ":files")
        }
        var reader = SubscriptionReader(subscription)
        let received = await reader.next(1, within: .seconds(10))
        #expect(
            received == [
                RedisPubSubMessage(
                    channel: prefix + ":files", pattern: prefix + ":*", payload: ByteBuffer(string: "created"))
            ])
        subscription.finish()
    }

    @Test func aSlowConsumerWithASmallBufferStillGetsEveryMessageInOrder() async throws {
        let channel = uniqueKey("channel")
        let subscription = try await RedisSubscriber(configuration: try await sharedRedisConfiguration(), bufferSize: 4)
            .subscribe(to: [channel])
        let count = 500
        try await withPool { pool in
            // One pipeline: the messages arrive far faster than the buffer of 4 can take them.
            let replies = try await pool.pipeline((0..<count).map { .publish(channel, "m\($0)") })
            #expect(replies.allSatisfy { $0 == .integer(1) })
        }
        var reader = SubscriptionReader(subscription)
        let received = await reader.next(count, within: .seconds(20))
        #expect(received.map(\.text) == (0..<count).map { "m\($0)" })
        subscription.finish()
    }

    @Test func finishEndsTheIteration() async throws {
        let subscription = try await RedisSubscriber(configuration: try await sharedRedisConfiguration())
            .subscribe(to: [uniqueKey("channel")])
        subscription.finish()
        let ended = try await withTimeout(.seconds(5)) {
            for await _ in subscription { return false }
            return true
        }
        #expect(ended)
    }

    @Test func subscribingToAClosedPortFails() async throws {
        let endpoint = HostPort(host: "127.0.0.1", port: try FreePort.next())
        let error = try await #require(throws: RedisError.self) {
            _ = try await RedisSubscriber(configuration: RedisClientConfiguration(endpoint: endpoint)).subscribe(to: [
                "x"
            ])
        }
        #expect(error.kind == .connectFailed)
    }

    @Test func resubscribesAfterTheServerRestartsAndKeepsDelivering() async throws {
        try await PrivateServer.with("redis") { server in
            let endpoint = try server.servers.redis.endpoint
            let configuration = RedisClientConfiguration(endpoint: endpoint, commandTimeout: .seconds(2))
            let channel = uniqueKey("channel")
            let subscriber = RedisSubscriber(
                configuration: configuration,
                reconnectDelay: .init(initial: .milliseconds(20), maximum: .milliseconds(500)))
            let subscription = try await subscriber.subscribe(to: [channel])
            let pool = RedisConnectionPool(configuration: configuration)

            var reader = SubscriptionReader(subscription)
            try await pool.publish("before", to: channel)
            #expect(await reader.next(1, within: .seconds(10)).map(\.text) == ["before"])

            try await server.stop()
            try await server.start()

            // Messages published while the subscriber is away are lost (pub/sub keeps nothing), so
            // publish numbered messages until one arrives: that proves the resubscription.
            let publisher = Task {
                for attempt in 0..<300 where !Task.isCancelled {
                    _ = try? await pool.publish("after \(attempt)", to: channel)
                    try? await Task.sleep(for: .milliseconds(100))
                }
            }
            let arrived = await reader.next(1, within: .seconds(30)).first?.text
            publisher.cancel()
            await publisher.value
            #expect(arrived?.hasPrefix("after ") == true, "got \(String(describing: arrived))")

            // And it keeps delivering on the new connection.
            #expect(try await pool.publish("still here", to: channel) == 1)
            var later: [String] = []
            while !later.contains("still here") {
                let next = await reader.next(1, within: .seconds(10))
                guard let message = next.first else { break }
                later.append(message.text)
            }
            #expect(later.last == "still here")
            subscription.finish()
            await pool.shutdown()
        }
    }
}
