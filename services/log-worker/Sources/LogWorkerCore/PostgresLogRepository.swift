import Contracts
import Foundation
import Logging
import PostgresNIO

/// ``LogRepository`` on the `logs` table (``LogWorkerMigrations``).
///
/// Guarantees: one batch is one statement, `INSERT … SELECT FROM UNNEST(…) ON CONFLICT (id) DO
/// NOTHING`, and so one transaction: committed whole or not at all. Each column travels as one
/// array in PostgreSQL's binary format (seven bind parameters whatever the batch size), so the
/// server parses no SQL per row. Times are stored exact to the millisecond the
/// contract rounds them to. `ts` is the client's timestamp, or `received_at` when it sent
/// none; `data` is the client's other members as the JSON object it sent (keys sorted).
public struct PostgresLogRepository: LogRepository {
    let client: PostgresClient
    let logger: Logger

    public init(client: PostgresClient, logger: Logger) {
        self.client = client
        self.logger = logger
    }

    public func insert(_ records: [LogRecord]) async throws -> Int {
        guard !records.isEmpty else { return 0 }
        let columns = try LogColumns(records)
        let query: PostgresQuery = """
            INSERT INTO logs (id, received_at, ts, level, service, message, data)
            SELECT * FROM UNNEST(\(columns.ids)::uuid[], \(columns.receivedAt)::timestamptz[],
                \(columns.timestamps)::timestamptz[], \(columns.levels)::text[], \(columns.services)::text[],
                \(columns.messages)::text[], \(columns.data)::jsonb[])
            ON CONFLICT (id) DO NOTHING
            """
        let metadata = try await client.withConnection { connection in
            try await connection.query(query, logger: logger).get().metadata
        }
        return metadata.rows ?? 0
    }
}

/// The columns of a batch of records, one array per column of `logs`, as the insert binds them.
struct LogColumns {
    var ids: [UUID] = []
    var receivedAt: TimestampArray
    var timestamps: TimestampArray
    var levels: NullableTextArray
    var services: NullableTextArray
    var messages: NullableTextArray
    var data: JSONBArray

    init(_ records: [LogRecord]) throws {
        ids.reserveCapacity(records.count)
        var documents: [[UInt8]] = []
        documents.reserveCapacity(records.count)
        for record in records {
            ids.append(record.id)
            documents.append(Array(try ContractCoding.encode(record.data)))
        }
        receivedAt = TimestampArray(dates: records.map(\.receivedAt))
        timestamps = TimestampArray(dates: records.map { $0.timestamp ?? $0.receivedAt })
        levels = NullableTextArray(elements: records.map(\.level))
        services = NullableTextArray(elements: records.map(\.service))
        messages = NullableTextArray(elements: records.map(\.message))
        data = JSONBArray(documents: documents)
    }
}
