import Contracts
import Foundation
import Hummingbird
import HummingbirdTesting
import Logging
import PostgresNIO
import RabbitMQ
import RabbitMQTestSupport
import ServiceKit
import TestInfra
import Testing

@testable import UserConsumerCore

/// The ingest consumer against real servers: each test has its own database, exchange and queue.
@Suite("user-consumer ingest with real servers", .timeLimit(.minutes(5)))
struct UserIngestTests {
    /// One stored row, as the tests compare them.
    struct Row: Equatable {
        let id: Int64
        let firstName: String
        let email: String
        let createdAt: Date?
        let parentUserID: Int64?
        let updatedAt: Date
    }

    static func user(_ id: Int64) -> UserRecord {
        UserRecord(
            id: id, firstName: "First\(id)", lastName: "Last\(id)", emailAddress: "user\(id)@example.com",
            createdAt: 1_700_000_000 + id, parentUserID: id % 2 == 0 ? nil : id + 1)
    }

    static func message(_ user: UserRecord, exchange: String, queue: String) throws -> RabbitMQOutgoingMessage {
        let id = UUID()
        return RabbitMQOutgoingMessage(
            exchange: exchange, routingKey: queue, messageID: id.uuidString,
            body: Array(try ContractCoding.encode(Envelope(payload: user, messageID: id))))
    }

    @Test func storesEveryPublishedUserOnceWithItsEmailSealed() async throws {
        let users = (1...120).map { Self.user($0) }
        try await withIngest { ingest in
            try await ingest.publish(users.map { try Self.message($0, exchange: ingest.exchange, queue: ingest.queue) })
            let rows = try await ingest.waitForRows(count: users.count)
            #expect(rows.map(\.id) == users.map(\.id))
            #expect(rows.map(\.email) == users.map(\.emailAddress))
            #expect(rows.map(\.parentUserID) == users.map(\.parentUserID))
            #expect(rows.first?.createdAt == Date(timeIntervalSince1970: 1_700_000_001))
            try await ingest.waitUntilQueueIsSettled()
        }
    }

    @Test func theSameMessagesTwiceChangeNothing() async throws {
        let users = (1...30).map { Self.user($0) }
        try await withIngest { ingest in
            let messages = try users.map { try Self.message($0, exchange: ingest.exchange, queue: ingest.queue) }
            try await ingest.publish(messages)
            let first = try await ingest.waitForRows(count: users.count)
            try await ingest.waitUntilQueueIsSettled()
            try await ingest.publish(messages)
            // One consumer stores in order and acks after storing: once a later user is stored, the
            // repeated ones were handled.
            let marker = try Self.message(Self.user(1_000), exchange: ingest.exchange, queue: ingest.queue)
            try await ingest.publish([marker])
            let second = try await ingest.waitForRows(count: users.count + 1)
            #expect(Array(second.dropLast()) == first)
        }
    }

    @Test func aMalformedMessageIsDeadLetteredWithItsReasonAndTheOthersStored() async throws {
        let users = (1...5).map { Self.user($0) }
        try await withIngest { ingest in
            var messages = try users.map { try Self.message($0, exchange: ingest.exchange, queue: ingest.queue) }
            messages.insert(
                RabbitMQOutgoingMessage(
                    exchange: ingest.exchange, routingKey: ingest.queue, messageID: "not-json",
                    body: Array("{oops".utf8)),
                at: 2)
            let tooLate = UserRecord(
                id: 99, firstName: "A", lastName: "B", emailAddress: "a@example.com", createdAt: 300_000_000_000)
            messages.append(try Self.message(tooLate, exchange: ingest.exchange, queue: ingest.queue))
            try await ingest.publish(messages)
            #expect(try await ingest.waitForRows(count: users.count).map(\.id) == users.map(\.id))
            let dead = try await ingest.deadLetters(count: 2)
            #expect(dead.map(\.messageID) == ["not-json", messages.last?.messageID])
            #expect(
                dead[0].properties.headers["x-death-reason"]?.stringValue?.hasPrefix("invalid JSON at line 1") == true)
            #expect(
                dead[1].properties.headers["x-death-reason"]?.stringValue
                    == "field 'payload.created_at' cannot be decoded: must be Unix seconds from 0 to 253402300799, or none, found 300000000000"
            )
            try await ingest.waitUntilQueueIsSettled()
            #expect(try await ingest.rows().count == users.count)
        }
    }

    @Test func aBatchMessageStoresEveryUserItCarries() async throws {
        let users = (1...150).map { Self.user($0) }
        try await withIngest { ingest in
            var messages = try stride(from: 0, to: users.count, by: 50).map { start in
                let id = UUID()
                return RabbitMQOutgoingMessage(
                    exchange: ingest.exchange, routingKey: ingest.queue, messageID: id.uuidString,
                    body: Array(
                        try ContractCoding.encode(
                            Envelope(payload: UserBatch(users: Array(users[start..<start + 50])), messageID: id))))
            }
            messages.append(try Self.message(Self.user(151), exchange: ingest.exchange, queue: ingest.queue))
            try await ingest.publish(messages)
            let rows = try await ingest.waitForRows(count: 151)
            #expect(rows.map(\.id) == Array(1...151))
            #expect(rows.map(\.email).last == "user151@example.com")
            try await ingest.waitUntilQueueIsSettled()
        }
    }

    @Test func aMessageThatPostgreSQLRejectsIsIsolatedAndDeadLetteredWithTheOthersStored() async throws {
        let users = (1...12).map { Self.user($0) }
        try await withIngest(overrides: ["USER_INGEST_BATCH_WAIT_MS": "500"]) { ingest in
            // A rule only the database knows: the consumer cannot see it coming, PostgreSQL fails
            // the whole batch's statement, and the consumer must find the one message at fault.
            try await ingest.postgres.query(
                "ALTER TABLE users ADD CONSTRAINT no_poison CHECK (first_name <> 'Poison')")
            var messages = try users.map { try Self.message($0, exchange: ingest.exchange, queue: ingest.queue) }
            let poison = UserRecord(
                id: 500, firstName: "Poison", lastName: "Pill", emailAddress: "p@example.com", createdAt: nil)
            messages.insert(try Self.message(poison, exchange: ingest.exchange, queue: ingest.queue), at: 5)
            try await ingest.publish(messages)
            let dead = try await ingest.deadLetters(count: 1)
            #expect(dead.map(\.messageID) == [messages[5].messageID])
            let reason = dead.first?.properties.headers["x-death-reason"]?.stringValue ?? ""
            #expect(reason.contains("no_poison") && reason.contains("SQLSTATE 23514"), "\(reason)")
            #expect(try await ingest.waitForRows(count: users.count).map(\.id) == users.map(\.id))
            try await ingest.waitUntilQueueIsSettled()
        }
    }
}

@Suite("user-consumer ingest while PostgreSQL fails", .timeLimit(.minutes(5)))
struct UserIngestRetryTests {
    /// Fails its first `failures` upserts, then records what it is given.
    actor FlakyIngestStore: UserIngestStore {
        var failures: Int
        var stored: [Int64] = []
        var attempts = 0

        init(failures: Int) { self.failures = failures }

        func upsert(_ users: [IngestedUser]) async throws -> [StoredUser] {
            attempts += 1
            if failures > 0 {
                failures -= 1
                throw IngestTimeout(what: "PostgreSQL (simulated outage)")
            }
            stored += users.map(\.user.id)
            return users.map(\.user)
        }
    }

    @Test func retriesUntilStoredAndDropsNothing() async throws {
        let servers = try await TestServers.shared()
        let exchange = TestNames.unique("users", separator: ".")
        let config = UserIngestConfig(exchange: exchange, queue: exchange + ".ingest", batchSize: 10)
        let rabbit = RabbitMQConnection(
            configuration: RabbitMQConfiguration(amqp: try servers.amqp, connectionName: "user-consumer-test"),
            topology: UserIngestConsumer.topology(config))
        let repository = FlakyIngestStore(failures: 3)
        let consumer = UserIngestConsumer(
            rabbit: rabbit, repository: repository, cipher: EmailCipher(key: EmailCipher.developmentKey),
            config: config, logger: Logger(label: "user-consumer-test"))
        let users = (1...25).map { UserIngestTests.user($0) }
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await rabbit.run() }
            defer { group.cancelAll() }
            try await rabbit.waitUntilConnected(timeout: .seconds(10))
            try await rabbit.publish(
                users.map { try UserIngestTests.message($0, exchange: config.exchange, queue: config.queue) })
            group.addTask { try await consumer.run() }
            let deadline = ContinuousClock.now + .seconds(30)
            while await repository.stored.count < users.count, ContinuousClock.now < deadline {
                try await Task.sleep(for: .milliseconds(20))
            }
            #expect(await repository.stored == users.map(\.id))
            #expect(await repository.attempts >= 3 + 3)
            #expect(try await rabbit.queueState(config.queue).messageCount == 0)
        }
    }
}

/// A running user-consumer (worker role) with its own database, exchange and queue, and the
/// clients a test uses to feed and inspect it.
struct IngestHarness: Sendable {
    let exchange: String
    let queue: String
    let database: PostgresConfig
    let rabbit: RabbitMQConnection
    let postgres: PostgresClient
    let cipher = EmailCipher(key: EmailCipher.developmentKey)

    func publish(_ messages: [RabbitMQOutgoingMessage]) async throws {
        try await rabbit.publish(messages)
    }

    func rows() async throws -> [UserIngestTests.Row] {
        let result = try await postgres.query(
            """
            SELECT id, first_name, email_encrypted, created_at, parent_user_id, updated_at FROM users ORDER BY id
            """)
        var rows: [UserIngestTests.Row] = []
        for try await (id, firstName, email, createdAt, parent, updatedAt) in result.decode(
            (Int64, String, ByteBuffer, Date?, Int64?, Date).self)
        {
            let sealed = Array(email.readableBytesView)
            rows.append(
                .init(
                    id: id, firstName: firstName, email: try cipher.open(sealed), createdAt: createdAt,
                    parentUserID: parent, updatedAt: updatedAt))
        }
        return rows
    }

    /// The rows once there are `count` of them (TestInfra's `waitForRows`: polled, 30 s at most).
    func waitForRows(count: Int) async throws -> [UserIngestTests.Row] {
        try await TestInfra.waitForRows(count: count) { try await rows() }
    }

    /// Waits until the work queue holds no message and the rows stopped changing (RabbitMQTestSupport).
    func waitUntilQueueIsSettled() async throws {
        try await rabbit.waitUntilSettled(queue: queue) { try await rows() }
    }

    /// The first `count` messages of the dead-letter queue.
    func deadLetters(count: Int) async throws -> [RabbitMQDelivery] {
        try await rabbit.deadLetters(of: queue, count: count)
    }
}

/// Runs user-consumer (ROLE=worker) in process with a fresh database, exchange and queue for `body`.
func withIngest(
    overrides: [String: String] = [:], _ body: @escaping @Sendable (IngestHarness) async throws -> Void
) async throws {
    let servers = try await TestServers.shared()
    let exchange = TestNames.unique("users", separator: ".")
    let queue = exchange + ".ingest"
    try await TestDatabase.with(servers) { database in
        let environment = servers.serviceEnvironmentReader(
            database: database,
            overrides: ["ROLE": "worker", "USER_INGEST_EXCHANGE": exchange, "USER_INGEST_QUEUE": queue]
                .merging(overrides) { _, new in new })
        let app = UserConsumerApplication.build(
            try UserConsumerConfig(environment: environment), logger: Logger(label: "user-consumer-test"))
        let rabbit = RabbitMQConnection(
            configuration: RabbitMQConfiguration(amqp: try servers.amqp, connectionName: "user-consumer-test"),
            topology: UserIngestConsumer.topology(UserIngestConfig(exchange: exchange, queue: queue)))
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await rabbit.run() }
            defer { group.cancelAll() }
            try await rabbit.waitUntilConnected(timeout: .seconds(10))
            try await app.test(.live) { client in
                _ = try await client.execute(uri: "/health/ready", method: .get)
                try await withPostgresClient(database) { postgres in
                    try await body(
                        IngestHarness(
                            exchange: exchange, queue: queue, database: database, rabbit: rabbit, postgres: postgres))
                }
            }
        }
    }
}

/// A condition a test polled for did not hold in time.
struct IngestTimeout: Error, CustomStringConvertible {
    let what: String
    var description: String { "timed out waiting for \(what)" }
}
