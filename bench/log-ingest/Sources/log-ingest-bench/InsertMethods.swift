import Contracts
import Foundation
import LogWorkerCore
import Logging
import PostgresNIO
import ServiceKit

/// Which statement stores a batch fastest: log-worker's `INSERT … SELECT FROM UNNEST(…) ON CONFLICT
/// DO NOTHING` (binary arrays, one round trip), or `COPY` into a temporary table followed by
/// `INSERT … SELECT … ON CONFLICT DO NOTHING` (text format, one transaction of four statements),
/// which PostgresNIO's `copyFrom` makes possible. Both run on one connection, batch after batch,
/// into the same empty `logs` table (truncated between methods), with the same records.
enum InsertMethods {
    static func compare(records total: Int, batchSize: Int, postgres: PostgresConfig) async throws {
        let logger = Logger(label: "log-ingest-bench")
        let client = PostgresClient(configuration: postgres.clientConfiguration, backgroundLogger: logger)
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { await client.run() }
            defer { group.cancelAll() }
            let receivedAt = Date()
            let batches = try stride(from: 0, to: total, by: batchSize).map { start in
                try (start..<min(start + batchSize, total)).map { try SampleLogs.record($0, receivedAt: receivedAt) }
            }
            let store = PostgresLogStore(client: client, logger: logger)
            for round in 1...2 {
                for method in ["unnest", "copy"] {
                    try await client.query("TRUNCATE logs", logger: logger)
                    try await client.query("CHECKPOINT", logger: logger)
                    let clock = ContinuousClock()
                    let start = clock.now
                    for batch in batches {
                        if method == "unnest" {
                            _ = try await store.insert(try batch.map { record throws in try IncomingLog(record) })
                        } else {
                            try await copy(batch, client: client, logger: logger)
                        }
                    }
                    let elapsed = clock.now - start
                    let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
                    print(
                        "method=\(method) round=\(round) records=\(total) batch=\(batchSize) seconds=\(seconds) "
                            + "rows_per_second=\(Int(Double(total) / seconds))")
                }
            }
        }
    }

    /// The COPY route for one batch.
    static func copy(_ records: [LogRecord], client: PostgresClient, logger: Logger) async throws {
        var text = ""
        for record in records {
            let fields: [String?] = [
                record.id.uuidString.lowercased(), ContractDateFormat.string(from: record.receivedAt),
                ContractDateFormat.string(from: record.timestamp ?? record.receivedAt), record.level, record.service,
                record.message, String(decoding: try ContractCoding.encode(record.data), as: UTF8.self),
            ]
            text += fields.map { $0.map(CopyFile.escaped) ?? "\\N" }.joined(separator: "\t")
            text += "\n"
        }
        let buffer = ByteBuffer(string: text)
        _ = try await client.withTransaction(logger: logger) { connection in
            try await connection.query(
                """
                CREATE TEMPORARY TABLE IF NOT EXISTS logs_incoming (LIKE logs INCLUDING DEFAULTS) ON COMMIT DELETE ROWS
                """, logger: logger)
            try await connection.copyFrom(
                table: "logs_incoming", columns: ["id", "received_at", "ts", "level", "service", "message", "data"],
                logger: logger
            ) { writer in
                try await writer.write(buffer)
            }
            try await connection.query(
                "INSERT INTO logs SELECT * FROM logs_incoming ON CONFLICT (id) DO NOTHING", logger: logger)
        }
    }
}
