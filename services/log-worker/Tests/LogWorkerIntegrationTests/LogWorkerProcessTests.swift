import AsyncHTTPClient
import Contracts
import Foundation
import PostgresNIO
import RabbitMQ
import ServiceKit
import TestInfra
import Testing

@testable import LogWorkerCore

/// The real log-worker executable: killed mid-way, stopped by SIGTERM mid-way, and two of them on
/// one queue.
@Suite("log-worker processes", .timeLimit(.minutes(6)))
struct LogWorkerProcessTests {
    /// Publishes `total` records in messages of `perMessage`, as log-api would, and returns their ids.
    static func publish(
        total: Int, perMessage: Int, exchange: String, queue: String, rabbit: RabbitMQConnection
    ) async throws -> Set<UUID> {
        let records = (1...total).map { LogMessages.record($0, service: "svc\($0 % 7)") }
        let messages = try stride(from: 0, to: total, by: perMessage).map {
            try LogMessages.batch(Array(records[$0..<min($0 + perMessage, total)]), exchange: exchange, queue: queue)
        }
        for start in stride(from: 0, to: messages.count, by: 500) {
            try await rabbit.publish(Array(messages[start..<min(start + 500, messages.count)]))
        }
        return Set(records.map(\.id))
    }

    /// Runs `body` with a database, a fresh exchange and queue, a connection that declared them,
    /// and the environment a log-worker process needs for them.
    static func withQueue(
        overrides: [String: String],
        _ body:
            @escaping @Sendable (
                _ environment: [String: String], _ rabbit: RabbitMQConnection, _ postgres: PostgresClient,
                _ names: (exchange: String, queue: String)
            ) async throws -> Void
    ) async throws {
        let servers = try await TestServers.shared()
        let exchange = TestNames.unique("logs", separator: ".")
        let queue = exchange + ".ingest"
        try await TestDatabase.with(servers) { database in
            let environment = servers.serviceEnvironment(
                database: database,
                overrides: [
                    "LOG_INGEST_EXCHANGE": exchange, "LOG_INGEST_QUEUE": queue, "FILE_EXCHANGE": exchange + ".files",
                    "FILE_QUEUE": exchange + ".files.process",
                ].merging(overrides) { _, new in new })
            let rabbit = RabbitMQConnection(
                configuration: RabbitMQConfiguration(amqp: try servers.amqp, connectionName: "log-worker-test"),
                topology: LogIngestConfig(exchange: exchange, queue: queue).topology)
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask { try await rabbit.run() }
                defer { group.cancelAll() }
                try await rabbit.waitUntilConnected(timeout: .seconds(10))
                try await withPostgresClient(database) { postgres in
                    try await body(environment, rabbit, postgres, (exchange, queue))
                }
            }
        }
    }

    @Test func aKilledWorkerRestartedStoresEveryRecordExactlyOnce() async throws {
        let total = 20_000
        try await Self.withQueue(overrides: ["LOG_WORKER_BATCH_SIZE": "20"]) { environment, rabbit, postgres, names in
            let published = try await Self.publish(
                total: total, perMessage: 10, exchange: names.exchange, queue: names.queue, rabbit: rabbit)
            let first = try ServiceProcess(executable: "log-worker", environment: environment)
            let storedBeforeKill = try await pollUntil("some rows", timeout: .seconds(60)) {
                let count = try await LogTable.counts(postgres).rows
                return count >= 2_000 ? count : nil
            }
            _ = try await first.stop(signal: SIGKILL)
            #expect(storedBeforeKill < Int64(total), "the worker finished before it could be killed")

            let second = try ServiceProcess(executable: "log-worker", environment: environment)
            _ = try await pollUntil("every row", timeout: .seconds(120)) {
                try await LogTable.counts(postgres).rows >= Int64(total) ? true : nil
            }
            _ = try await pollUntil("an empty queue", timeout: .seconds(60)) {
                try await rabbit.queueState(names.queue).messageCount == 0 ? true : nil
            }
            #expect(try await second.stop() == 0)
            let counts = try await LogTable.counts(postgres)
            #expect(counts.rows == Int64(total) && counts.ids == Int64(total))
            let stored = try await LogTable.ids(postgres)
            #expect(Set(stored) == published)
            #expect(try await rabbit.queueState(names.queue).messageCount == 0)
            #expect(try await rabbit.queueState(names.queue + ".dead").messageCount == 0)
        }
    }

    /// SIGTERM mid-ingest: the worker stores and acknowledges every message it received before it
    /// exits, so nothing it was handed goes back to the queue (to be redelivered, flagged, to the
    /// next worker), and the next worker stores exactly what was left, each message once.
    @Test func aWorkerStoppedBySIGTERMMidIngestLeavesNothingToRedeliver() async throws {
        let total = 20_000
        let perMessage = 10
        try await Self.withQueue(overrides: ["LOG_WORKER_BATCH_SIZE": "20"]) { environment, rabbit, postgres, names in
            let published = try await Self.publish(
                total: total, perMessage: perMessage, exchange: names.exchange, queue: names.queue, rabbit: rabbit)
            let first = try ServiceProcess(executable: "log-worker", environment: environment)
            _ = try await pollUntil("some rows", timeout: .seconds(60)) {
                try await LogTable.counts(postgres).rows >= 2_000 ? true : nil
            }
            #expect(try await first.stop(signal: SIGTERM) == 0)
            let storedByFirst = try await LogTable.counts(postgres).rows
            #expect(storedByFirst < Int64(total), "the worker finished before it was stopped")
            // What is left in the queue is exactly what the first worker never received.
            let left = try await rabbit.queueState(names.queue).messageCount
            #expect(
                Int64(left * perMessage) + storedByFirst == Int64(total),
                "\(left) messages left after \(storedByFirst) rows stored")

            let second = try ServiceProcess(executable: "log-worker", environment: environment)
            _ = try await pollUntil("every row", timeout: .seconds(120)) {
                try await LogTable.counts(postgres).rows >= Int64(total) ? true : nil
            }
            let storedBySecond = try await pollUntil("the second worker's count of stored messages") {
                let stored = MetricsText.value(
                    of: "batch_consumer_stored_messages_total", labels: ["queue=\"\(names.queue)\""],
                    in: try await Self.metrics(of: second))
                return stored >= Double(left) ? stored : nil
            }
            #expect(storedBySecond == Double(left), "the second worker stored each message left once")
            #expect(try await second.stop() == 0)
            let counts = try await LogTable.counts(postgres)
            #expect(counts.rows == Int64(total) && counts.ids == Int64(total))
            #expect(Set(try await LogTable.ids(postgres)) == published)
            #expect(try await rabbit.queueState(names.queue).messageCount == 0)
            #expect(try await rabbit.queueState(names.queue + ".dead").messageCount == 0)
        }
    }

    @Test func twoCompetingWorkersStoreEveryRecordOnce() async throws {
        let total = 10_000
        try await Self.withQueue(overrides: ["LOG_WORKER_BATCH_SIZE": "10"]) { environment, rabbit, postgres, names in
            let workers = try (1...2).map { _ in try ServiceProcess(executable: "log-worker", environment: environment)
            }
            for worker in workers { try await worker.waitUntilAnswering() }
            _ = try await pollUntil("two consumers on the queue") {
                try await rabbit.queueState(names.queue).consumerCount == 2 ? true : nil
            }
            let published = try await Self.publish(
                total: total, perMessage: 10, exchange: names.exchange, queue: names.queue, rabbit: rabbit)
            _ = try await pollUntil("every row", timeout: .seconds(120)) {
                try await LogTable.counts(postgres).rows >= Int64(total) ? true : nil
            }
            _ = try await pollUntil("an empty queue", timeout: .seconds(60)) {
                try await rabbit.queueState(names.queue).messageCount == 0 ? true : nil
            }
            var storedByEach: [Double] = []
            for worker in workers {
                let text = try await Self.metrics(of: worker)
                storedByEach.append(
                    MetricsText.value(
                        of: "batch_consumer_stored_messages_total", labels: ["queue=\"\(names.queue)\""], in: text))
            }
            for worker in workers { #expect(try await worker.stop() == 0) }
            #expect(storedByEach.allSatisfy { $0 > 0 }, "messages stored by each worker: \(storedByEach)")
            #expect(storedByEach.reduce(0, +) == Double(total / 10))
            let counts = try await LogTable.counts(postgres)
            #expect(counts.rows == Int64(total) && counts.ids == Int64(total))
            #expect(Set(try await LogTable.ids(postgres)) == published)
        }
    }

    static func metrics(of process: ServiceProcess) async throws -> String {
        let response = try await HTTPClient.shared.execute(
            HTTPClientRequest(url: process.baseURL + "/metrics"), timeout: .seconds(5))
        return String(buffer: try await response.body.collect(upTo: 16 << 20))
    }
}
