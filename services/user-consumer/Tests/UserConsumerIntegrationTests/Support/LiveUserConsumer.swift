import Contracts
import Foundation
import Hummingbird
import HummingbirdTesting
import Logging
import NIOCore
import PostgresNIO
import RabbitMQ
import Redis
import ServiceKit
import TestInfra

@testable import UserConsumerCore

/// A running user-consumer (in process, real sockets) with a database, cache key prefix, changes
/// channel, exchange and queue of its own, and the clients a test uses to feed and inspect it.
struct LiveUserConsumer: Sendable {
    let client: any TestClientProtocol
    let port: Int
    let postgres: PostgresClient
    let redis: RedisConnectionPool
    let rabbit: RabbitMQConnection
    let keyPrefix: String
    let channel: String
    let exchange: String
    let queue: String
    let cipher = EmailCipher(key: EmailCipher.developmentKey)

    var store: PostgresUserStore {
        PostgresUserStore(client: postgres, cipher: cipher, logger: Logger(label: "user-consumer-test"))
    }

    static func user(_ id: Int64) -> UserRecord {
        UserRecord(
            id: id, firstName: "First\(id)", lastName: "Last\(id)", emailAddress: "user\(id)@example.com",
            createdAt: 1_700_000_000 + id, deletedAt: id % 5 == 0 ? 1_800_000_000 : nil, mergedAt: nil,
            parentUserID: id % 2 == 0 ? nil : id + 1)
    }

    /// Stores users `ids` straight through the repository (as the ingest consumer would), in
    /// transactions of 5,000, without touching Redis.
    func seed(_ ids: ClosedRange<Int64>) async throws {
        for start in stride(from: ids.lowerBound, through: ids.upperBound, by: 5_000) {
            let chunk = start...min(start + 4_999, ids.upperBound)
            try await store.upsert(
                chunk.map { try IngestedUser(sealing: Self.user($0), messageID: "seed-\($0)", with: cipher) })
        }
    }

    /// Publishes `users` to the ingest queue, one message each, and returns once the broker confirmed.
    func ingest(_ users: [UserRecord]) async throws {
        try await rabbit.publish(
            users.map { try UserIngestTests.message($0, exchange: exchange, queue: queue) })
    }

    func execute(
        _ method: HTTPRequest.Method, _ uri: String, headers: HTTPFields = [:], body: String? = nil
    ) async throws -> TestResponse {
        try await client.execute(
            uri: uri, method: method, headers: headers, body: body.map { ByteBuffer(string: $0) })
    }

    func post(_ body: String, contentType: String = "application/json") async throws -> TestResponse {
        try await execute(.post, "/users", headers: [.contentType: contentType], body: body)
    }

    func cacheKey(_ id: Int64) -> String { keyPrefix + String(id) }

    /// The raw cached value of user `id`, or nil.
    func cached(_ id: Int64) async throws -> String? {
        try await redis.getString(cacheKey(id))
    }

    /// The stored row of user `id` with its address opened, or nil.
    func stored(_ id: Int64) async throws -> UserRecord? {
        try await store.user(id: id)?.opened(with: cipher)
    }

    var baseURL: String { "http://127.0.0.1:\(port)" }
}

/// Runs user-consumer with `role` (api, or all for the ingest consumer too) for `body`.
func withLiveUserConsumer(
    role: String = "all", overrides: [String: String] = [:],
    _ body: @escaping @Sendable (LiveUserConsumer) async throws -> Void
) async throws {
    let servers = try await TestServers.shared()
    let name = TestNames.unique("users", separator: ".")
    let keyPrefix = "test:\(name):user:"
    let channel = "test:\(name):changes"
    let exchange = name
    let queue = name + ".ingest"
    try await TestDatabase.with(servers) { database in
        let environment = servers.serviceEnvironmentReader(
            database: database,
            overrides: [
                "ROLE": role, "USER_INGEST_EXCHANGE": exchange, "USER_INGEST_QUEUE": queue,
                "USER_CACHE_KEY_PREFIX": keyPrefix, "USER_CHANGES_CHANNEL": channel, "USER_INGEST_BATCH_WAIT_MS": "5",
            ].merging(overrides) { _, new in new })
        let app = UserConsumerApplication.build(
            try UserConsumerConfig(environment: environment), logger: Logger(label: "user-consumer-test"))
        let rabbit = RabbitMQConnection(
            configuration: RabbitMQConfiguration(amqp: try servers.amqp, connectionName: "user-consumer-test"),
            topology: UserIngestConsumer.topology(UserIngestConfig(exchange: exchange, queue: queue)))
        let redis = RedisConnectionPool(
            configuration: RedisClientConfiguration(endpoint: try servers.redis.endpoint),
            logger: Logger(label: "user-consumer-test"))
        do {
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask { try await rabbit.run() }
                defer { group.cancelAll() }
                try await rabbit.waitUntilConnected(timeout: .seconds(10))
                try await app.test(.live) { client in
                    // The first answer comes once the migrations ran (the server starts after them).
                    _ = try await client.execute(uri: "/health/live", method: .get)
                    try await withPostgresClient(database) { postgres in
                        try await body(
                            LiveUserConsumer(
                                client: client, port: client.port ?? 0, postgres: postgres, redis: redis,
                                rabbit: rabbit, keyPrefix: keyPrefix, channel: channel, exchange: exchange, queue: queue
                            ))
                    }
                }
            }
        } catch {
            await redis.shutdown()
            throw error
        }
        await redis.shutdown()
    }
}

extension TestResponse {
    var text: String { String(buffer: body) }

    /// The body as a JSON object.
    var json: [String: Any] {
        get throws {
            let object = try JSONSerialization.jsonObject(with: Data(body.readableBytesView))
            guard let dictionary = object as? [String: Any] else { throw HarnessError("not a JSON object: \(text)") }
            return dictionary
        }
    }

    /// The `error` of a JSON error body.
    var error: String? { (try? json)?["error"] as? String }
}

struct HarnessError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
