import Foundation
import PostgresNIO

extension PostgresFileStore {
    public func deleteRecords(fileID: UUID, batchSize: Int) async throws -> Int {
        // In batches, each its own short transaction: a file of millions of records never holds
        // one long transaction (and its locks) on `logs`. The partial index on logs.file_id finds them.
        var deleted = 0
        while true {
            let rows = try await client.query(
                """
                WITH gone AS (
                    DELETE FROM logs WHERE id IN (SELECT id FROM logs WHERE file_id = \(fileID) LIMIT \(batchSize))
                    RETURNING 1
                )
                SELECT count(*)::bigint FROM gone
                """, logger: logger)
            var count = 0
            for try await value in rows.decode(Int64.self) { count = Int(value) }
            deleted += count
            if count < batchSize { return deleted }
        }
    }

    public func delete(id: UUID) async throws -> StoredFile? {
        // Deleting the row takes its lock: a worker storing this file's records updates its progress
        // in the same transaction as each batch, so a batch either commits before this delete or
        // finds the row gone (docs/file-uploads.md, "DELETE").
        let rows = try await client.query(
            "DELETE FROM files WHERE id = \(id) RETURNING \(unescaped: Self.columns)", logger: logger)
        return try await Self.first(rows)
    }
}
