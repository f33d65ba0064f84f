import Contracts
import Foundation
import PostgresNIO
import RabbitMQ
import ServiceKit
import TestInfra
import Testing

@testable import UserConsumerCore

@Suite("user-consumer ingest survives SIGKILL", .timeLimit(.minutes(5)))
struct UserIngestCrashTests {
    @Test func aKilledConsumerRestartedStoresEveryUserExactlyOnce() async throws {
        let total = 20_000
        let servers = try await TestServers.shared()
        let exchange = TestNames.unique("users", separator: ".")
        let queue = exchange + ".ingest"
        try await TestDatabase.with(servers) { database in
            let environment = servers.serviceEnvironment(
                database: database,
                overrides: [
                    "ROLE": "worker", "USER_INGEST_EXCHANGE": exchange, "USER_INGEST_QUEUE": queue,
                    "USER_INGEST_BATCH_SIZE": "100",
                ])
            let rabbit = RabbitMQConnection(
                configuration: RabbitMQConfiguration(amqp: try servers.amqp, connectionName: "user-consumer-test"),
                topology: UserIngestConsumer.topology(UserIngestConfig(exchange: exchange, queue: queue)))
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask { try await rabbit.run() }
                defer { group.cancelAll() }
                try await rabbit.waitUntilConnected(timeout: .seconds(10))
                let messages = try (1...total).map { id in
                    let user = UserIngestTests.user(Int64(id))
                    let messageID = UUID()
                    return RabbitMQOutgoingMessage(
                        exchange: exchange, routingKey: queue, messageID: messageID.uuidString,
                        body: Array(try ContractCoding.encode(Envelope(payload: user, messageID: messageID))))
                }
                for start in stride(from: 0, to: total, by: 2_000) {
                    try await rabbit.publish(Array(messages[start..<min(start + 2_000, total)]))
                }
                try await withPostgresClient(database) { postgres in
                    let first = try ServiceProcess(executable: "user-consumer", environment: environment)
                    let storedBeforeKill = try await pollUntil("some rows", timeout: .seconds(60)) {
                        let count = try await Self.count(postgres)
                        return count >= 1_000 ? count : nil
                    }
                    _ = try await first.stop(signal: SIGKILL)
                    #expect(storedBeforeKill < total, "the consumer finished before it could be killed")

                    let second = try ServiceProcess(executable: "user-consumer", environment: environment)
                    _ = try await pollUntil("every row", timeout: .seconds(60)) {
                        try await Self.count(postgres) == total ? true : nil
                    }
                    _ = try await pollUntil("an empty queue", timeout: .seconds(60)) {
                        try await rabbit.queueState(queue).messageCount == 0 ? true : nil
                    }
                    #expect(try await second.stop() == 0)
                    let rows = try await postgres.query(
                        "SELECT count(*), count(DISTINCT id), min(id), max(id) FROM users")
                    for try await (count, distinct, low, high) in rows.decode((Int64, Int64, Int64, Int64).self) {
                        #expect([count, distinct, low, high] == [Int64(total), Int64(total), 1, Int64(total)])
                    }
                    #expect(try await rabbit.queueState(queue + ".dead").messageCount == 0)
                }
            }
        }
    }

    static func count(_ postgres: PostgresClient) async throws -> Int64 {
        // The table appears once the first process applied its migration.
        guard
            let rows = try? await postgres.query("SELECT count(*) FROM users"),
            let count = try? await rows.decode(Int64.self).first(where: { _ in true })
        else { return 0 }
        return count
    }
}
