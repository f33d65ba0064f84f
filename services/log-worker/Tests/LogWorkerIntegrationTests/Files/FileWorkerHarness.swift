import Contracts
import Crypto
import Foundation
import Hummingbird
import HummingbirdTesting
import Logging
import NIOCore
import ObjectStore
import PostgresNIO
import RabbitMQ
import Redis
import ServiceKit
import TestInfra

@testable import LogWorkerCore

/// One row of `files`, as the tests compare them.
struct FileRow: Equatable, CustomStringConvertible {
    var status: String
    var bytesProcessed: Int64
    var recordsProcessed: Int64
    var recordsStored: Int64
    var recordsRejected: Int64
    var error: String?
    var errorLine: Int?
    var errorColumn: Int?
    var attempts: Int
    var finished: Bool

    var description: String {
        "\(status) bytes \(bytesProcessed) records \(recordsProcessed)/\(recordsStored)/\(recordsRejected) "
            + "error \(error ?? "-") at \(errorLine ?? 0):\(errorColumn ?? 0) attempts \(attempts) finished \(finished)"
    }
}

/// A log-worker's surroundings for files: its own database, queues, events channel and bucket.
struct FileWorkerHarness: Sendable {
    let exchange: String
    let queue: String
    let channel: String
    let bucket: String
    let rabbit: RabbitMQConnection
    let postgres: PostgresClient
    let objects: ObjectStoreClient

    /// Stores `bytes` in the bucket under `key` (S3, signed).
    func put(_ bytes: [UInt8], key: String) async throws {
        try await objects.putObject(ByteBuffer(bytes: bytes), bucket: bucket, key: key, contentType: "application/json")
    }

    /// Stores `bytes` as log-api would: the object, the `queued` row; then publishes the task. Returns the task.
    @discardableResult
    func upload(_ bytes: [UInt8], name: String = "logs.json", publish: Bool = true) async throws -> FileTask {
        let id = UUID()
        let key = "uploads/\(id.uuidString.lowercased())"
        try await put(bytes, key: key)
        let task = FileTask(
            fileID: id, objectKey: key, fileName: name, contentType: "application/json", sizeBytes: Int64(bytes.count),
            sha256: FileDigest.hex(bytes), uploadedAt: Date(timeIntervalSince1970: 1_795_240_860.123))
        try await postgres.query(
            """
            INSERT INTO files (id, name, content_type, object_key, size_bytes, sha256)
            VALUES (\(id), \(name), 'application/json', \(key), \(Int64(bytes.count)), \(task.sha256))
            """)
        if publish { try await self.publish(task) }
        return task
    }

    func publish(_ task: FileTask) async throws {
        try await rabbit.publish([
            RabbitMQOutgoingMessage(
                exchange: exchange, routingKey: queue, messageID: task.fileID.uuidString.lowercased(),
                body: Array(try ContractCoding.encode(Envelope(payload: task))))
        ])
    }

    func file(_ id: UUID) async throws -> FileRow? {
        let rows = try await postgres.query(
            """
            SELECT status, bytes_processed, records_processed, records_stored, records_rejected, error, error_line,
                error_column, attempts, finished_at IS NOT NULL
            FROM files WHERE id = \(id)
            """)
        for try await row in rows.decode(
            (String, Int64, Int64, Int64, Int64, String?, Int32?, Int32?, Int32, Bool).self)
        {
            return FileRow(
                status: row.0, bytesProcessed: row.1, recordsProcessed: row.2, recordsStored: row.3,
                recordsRejected: row.4, error: row.5, errorLine: row.6.map(Int.init), errorColumn: row.7.map(Int.init),
                attempts: Int(row.8), finished: row.9)
        }
        return nil
    }

    /// The file's row once its status is final (polled, `timeout` at most).
    func finalFile(_ id: UUID, timeout: Duration = .seconds(60)) async throws -> FileRow {
        try await pollUntil("file \(id) final", timeout: timeout) {
            guard let row = try await file(id), row.finished else { return nil }
            return row
        }
    }

    /// The ids of the logs stored for the file, and how many rows there are in all.
    func logIDs(of file: UUID) async throws -> (ids: Set<UUID>, rows: Int) {
        var ids: Set<UUID> = []
        var rows = 0
        for try await id in try await postgres.query("SELECT id FROM logs WHERE file_id = \(file)").decode(UUID.self) {
            ids.insert(id)
            rows += 1
        }
        return (ids, rows)
    }

    func errors(of file: UUID) async throws -> [FileRecordError] {
        var errors: [FileRecordError] = []
        let rows = try await postgres.query(
            """
            SELECT record_index, line_number, column_number, reason FROM file_errors
            WHERE file_id = \(file) ORDER BY record_index
            """)
        for try await (index, line, column, reason) in rows.decode((Int64, Int32, Int32, String).self) {
            errors.append(
                FileRecordError(
                    place: FileRecordPlace(index: Int(index), line: Int(line), column: Int(column)), reason: reason))
        }
        return errors
    }
}

enum FileDigest {
    static func hex(_ bytes: [UInt8]) -> String {
        SHA256.hash(data: bytes).map { String(format: "%02x", $0) }.joined()
    }
}

/// Runs `body` with a database (log-worker's migrations applied), a bucket, an exchange, work queue and events
/// channel of its own, a connection that declared them, and the environment a log-worker needs for them.
func withFileSurroundings(
    overrides: [String: String] = [:],
    _ body: @escaping @Sendable (FileWorkerHarness, _ environment: [String: String]) async throws -> Void
) async throws {
    let servers = try await TestServers.shared()
    let exchange = TestNames.unique("files", separator: ".")
    let queue = exchange + ".process"
    let channel = exchange + ".events"
    let bucket = TestNames.unique("uploads", separator: "-")
    let objects = ObjectStoreClient(configuration: ObjectStoreConfiguration(try servers.s3(bucket: bucket)))
    try await objects.createBucket(bucket)
    try await TestDatabase.with(servers) { database in
        let environment = servers.serviceEnvironment(
            database: database,
            overrides: [
                "LOG_INGEST_EXCHANGE": exchange + ".logs", "LOG_INGEST_QUEUE": exchange + ".logs.ingest",
                "FILE_EXCHANGE": exchange, "FILE_QUEUE": queue, "FILE_EVENTS_CHANNEL": channel, "S3_BUCKET": bucket,
            ].merging(overrides) { _, new in new })
        let rabbit = RabbitMQConnection(
            configuration: RabbitMQConfiguration(amqp: try servers.amqp, connectionName: "file-worker-test"),
            topology: FileProcessingConfig(exchange: exchange, queue: queue).topology)
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await rabbit.run() }
            defer { group.cancelAll() }
            try await rabbit.waitUntilConnected(timeout: .seconds(10))
            try await withPostgresClient(database) { postgres in
                _ = try await MigrationRunner(
                    service: LogWorkerApplication.name, migrations: LogWorkerMigrations.all, client: postgres,
                    logger: Logger(label: "file-worker-test")
                ).run()
                try await body(
                    FileWorkerHarness(
                        exchange: exchange, queue: queue, channel: channel, bucket: bucket, rabbit: rabbit,
                        postgres: postgres, objects: objects),
                    environment)
            }
        }
    }
}

/// Runs log-worker in process (its files read from S3) in ``withFileSurroundings(overrides:_:)``, for `body`.
func withFileWorker(
    overrides: [String: String] = [:], _ body: @escaping @Sendable (FileWorkerHarness) async throws -> Void
) async throws {
    try await withFileSurroundings(overrides: overrides) { harness, environment in
        let app = LogWorkerApplication.build(
            try LogWorkerConfig(environment: EnvironmentReader(environment)), logger: Logger(label: "log-worker-test"))
        try await app.test(.live) { client in
            _ = try await client.execute(uri: "/health/ready", method: .get)
            try await body(harness)
        }
    }
}
