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

@testable import LogWorkerCore

/// One row of `logs` as the tests compare them: times as integer microseconds since 1970 (exact),
/// `data` parsed back from PostgreSQL's jsonb.
struct StoredLog: Hashable, CustomStringConvertible {
    let id: UUID
    let receivedAt: Int64
    let ts: Int64
    let level: String?
    let service: String?
    let message: String?
    let data: [String: JSONValue]

    /// The row `record` must become.
    init(expected record: LogRecord) {
        func microseconds(_ date: Date) -> Int64 { Int64((date.timeIntervalSince1970 * 1_000).rounded()) * 1_000 }
        self.init(
            id: record.id, receivedAt: microseconds(record.receivedAt),
            ts: microseconds(record.timestamp ?? record.receivedAt), level: record.level, service: record.service,
            message: record.message, data: record.data)
    }

    init(
        id: UUID, receivedAt: Int64, ts: Int64, level: String?, service: String?, message: String?,
        data: [String: JSONValue]
    ) {
        self.id = id
        self.receivedAt = receivedAt
        self.ts = ts
        self.level = level
        self.service = service
        self.message = message
        self.data = data
    }

    var description: String { "\(id) \(receivedAt) \(ts) \(level ?? "-") \(service ?? "-") \(message ?? "-") \(data)" }
}

/// The messages log-api publishes: an `Envelope<LogBatch>`, persistent, its message id the
/// envelope's id.
enum LogMessages {
    static func batch(_ records: [LogRecord], exchange: String, queue: String) throws -> RabbitMQOutgoingMessage {
        let id = UUID()
        return RabbitMQOutgoingMessage(
            exchange: exchange, routingKey: queue, messageID: id.uuidString.lowercased(),
            body: Array(try ContractCoding.encode(Envelope(payload: LogBatch(records: records), messageID: id))))
    }

    static func single(_ record: LogRecord, exchange: String, queue: String) throws -> RabbitMQOutgoingMessage {
        let id = UUID()
        return RabbitMQOutgoingMessage(
            exchange: exchange, routingKey: queue, messageID: id.uuidString.lowercased(),
            body: Array(try ContractCoding.encode(Envelope(payload: record, messageID: id))))
    }

    static func raw(_ body: String, id: String, exchange: String, queue: String) -> RabbitMQOutgoingMessage {
        RabbitMQOutgoingMessage(exchange: exchange, routingKey: queue, messageID: id, body: Array(body.utf8))
    }

    /// A plain record: `number` names it in its message.
    static func record(_ number: Int, service: String = "checkout", data: [String: JSONValue] = [:]) -> LogRecord {
        LogRecord(
            id: UUID(), receivedAt: Date(), level: number % 3 == 0 ? "error" : "info", message: "record \(number)",
            service: service, data: data.isEmpty ? ["n": .int(Int64(number))] : data)
    }
}

/// Reads what the tests check in PostgreSQL.
enum LogTable {
    static func rows(_ postgres: PostgresClient) async throws -> Set<StoredLog> {
        let result = try await postgres.query(
            """
            SELECT id, (extract(epoch FROM received_at) * 1000000)::bigint, (extract(epoch FROM ts) * 1000000)::bigint,
                level, service, message, data::text
            FROM logs
            """)
        var rows: Set<StoredLog> = []
        for try await (id, receivedAt, ts, level, service, message, data) in result.decode(
            (UUID, Int64, Int64, String?, String?, String?, String).self)
        {
            rows.insert(
                StoredLog(
                    id: id, receivedAt: receivedAt, ts: ts, level: level, service: service, message: message,
                    data: try ContractCoding.decode([String: JSONValue].self, from: data)))
        }
        return rows
    }

    /// How many rows, and how many distinct ids (0 and 0 before the migration created the table).
    static func counts(_ postgres: PostgresClient) async throws -> (rows: Int64, ids: Int64) {
        guard let result = try? await postgres.query("SELECT count(*), count(DISTINCT id) FROM logs") else {
            return (0, 0)
        }
        for try await (rows, ids) in result.decode((Int64, Int64).self) { return (rows, ids) }
        return (0, 0)
    }

    static func ids(_ postgres: PostgresClient) async throws -> [UUID] {
        var ids: [UUID] = []
        for try await id in try await postgres.query("SELECT id FROM logs").decode(UUID.self) { ids.append(id) }
        return ids
    }
}

/// A running log-worker with its own database, exchange and queue, and the clients a test uses
/// to feed and inspect it.
struct LogWorkerHarness: Sendable {
    let exchange: String
    let queue: String
    let rabbit: RabbitMQConnection
    let postgres: PostgresClient
    /// `GET /metrics` of the worker.
    let metrics: @Sendable () async throws -> String

    func message(_ records: [LogRecord]) throws -> RabbitMQOutgoingMessage {
        try LogMessages.batch(records, exchange: exchange, queue: queue)
    }

    func publish(_ messages: [RabbitMQOutgoingMessage]) async throws {
        try await rabbit.publish(messages)
    }

    func rows() async throws -> Set<StoredLog> {
        try await LogTable.rows(postgres)
    }

    /// The rows once there are at least `count` of them (TestInfra's `waitForRows`: polled, 30 s at most).
    func waitForRows(count: Int) async throws -> Set<StoredLog> {
        try await TestInfra.waitForRows(count: count) { try await rows() }
    }

    /// Waits until the work queue holds no ready message and the rows stopped changing (RabbitMQTestSupport).
    func waitUntilQueueIsSettled() async throws {
        try await rabbit.waitUntilSettled(queue: queue) { try await rows() }
    }

    /// The first `count` messages of the dead-letter queue.
    func deadLetters(count: Int) async throws -> [RabbitMQDelivery] {
        try await rabbit.deadLetters(of: queue, count: count)
    }

    /// The value of the Prometheus sample `name{…queue="<queue>"…}` (with `labels` too), 0 when absent.
    func metric(_ name: String, labels: String? = nil) async throws -> Double {
        MetricsText.value(
            of: name, labels: ["queue=\"\(queue)\""] + (labels.map { [$0] } ?? []), in: try await metrics())
    }
}

/// Reads samples out of the Prometheus text format.
enum MetricsText {
    /// The sum of the samples of `name` whose label set contains every one of `labels` (`key="value"`).
    static func value(of name: String, labels: [String], in text: String) -> Double {
        var total = 0.0
        for line in text.split(separator: "\n")
        where line.hasPrefix(name + "{") && labels.allSatisfy({ line.contains($0) }) {
            total += line.split(separator: " ").last.flatMap { Double($0) } ?? 0
        }
        return total
    }
}

/// Runs log-worker in process with a fresh database (on `postgresServer`, the run's shared
/// PostgreSQL by default), a fresh exchange and queue, and `overrides`, for `body`.
func withLogWorker(
    postgresServer: TestServers? = nil, overrides: [String: String] = [:],
    _ body: @escaping @Sendable (LogWorkerHarness) async throws -> Void
) async throws {
    let servers = try await TestServers.shared()
    let exchange = TestNames.unique("logs", separator: ".")
    let queue = exchange + ".ingest"
    try await TestDatabase.with(postgresServer ?? servers) { database in
        let environment = servers.serviceEnvironmentReader(
            database: database,
            overrides: [
                "LOG_INGEST_EXCHANGE": exchange, "LOG_INGEST_QUEUE": queue, "FILE_EXCHANGE": exchange + ".files",
                "FILE_QUEUE": exchange + ".files.process",
            ].merging(overrides) { _, new in new }
        )
        let app = LogWorkerApplication.build(
            try LogWorkerConfig(environment: environment), logger: Logger(label: "log-worker-test"))
        let rabbit = RabbitMQConnection(
            configuration: RabbitMQConfiguration(amqp: try servers.amqp, connectionName: "log-worker-test"),
            topology: LogIngestConfig(exchange: exchange, queue: queue).topology)
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await rabbit.run() }
            defer { group.cancelAll() }
            try await rabbit.waitUntilConnected(timeout: .seconds(10))
            try await app.test(.live) { client in
                _ = try await client.execute(uri: "/health/ready", method: .get)
                try await withPostgresClient(database) { postgres in
                    let metrics: @Sendable () async throws -> String = {
                        try await client.execute(uri: "/metrics", method: .get) { response in
                            String(buffer: response.body)
                        }
                    }
                    try await body(
                        LogWorkerHarness(
                            exchange: exchange, queue: queue, rabbit: rabbit, postgres: postgres, metrics: metrics))
                }
            }
        }
    }
}
