import Foundation
import PostgresNIO

extension PostgresFileStore {
    /// The advisory lock key of the file sweeper: one replica sweeps at a time. (Migrations use
    /// another key; any bigint unique to this purpose does.)
    static let sweepLockKey: Int64 = 0x6C6F_6761_7069_0011  // "logapi", issue 11

    public func withSweepLock<T: Sendable>(_ body: () async throws -> T) async throws -> T? {
        // A session lock on one connection of the pool, held while `body` runs (its queries may use
        // other connections). A replica that dies loses its connection and so the lock.
        try await client.withConnection { connection in
            let rows = try await connection.query("SELECT pg_try_advisory_lock(\(Self.sweepLockKey))", logger: logger)
            var locked = false
            for try await value in rows.decode(Bool.self) { locked = value }
            guard locked else { return nil }
            let result: T
            do {
                result = try await body()
            } catch {
                try? await unlock(connection)
                throw error
            }
            try await unlock(connection)
            return result
        }
    }

    private func unlock(_ connection: PostgresConnection) async throws {
        let rows = try await connection.query("SELECT pg_advisory_unlock(\(Self.sweepLockKey))", logger: logger)
        for try await _ in rows {}
    }

    public func queuedFiles(unchangedFor age: Duration, limit: Int) async throws -> [StoredFile] {
        let microseconds = age.components.seconds * 1_000_000 + age.components.attoseconds / 1_000_000_000_000
        // The database's clock on both sides of the comparison: no skew with the replica's.
        let rows = try await client.query(
            """
            SELECT \(unescaped: Self.columns) FROM files
            WHERE status = 'queued' AND updated_at < now() - \(microseconds) * interval '1 microsecond'
            ORDER BY updated_at LIMIT \(limit)
            """, logger: logger)
        return try await Self.all(rows)
    }

    public func touchQueued(id: UUID) async throws {
        try await client.query(
            "UPDATE files SET updated_at = now() WHERE id = \(id) AND status = 'queued'", logger: logger)
    }

    public func existingIDs(_ ids: [UUID]) async throws -> Set<UUID> {
        guard !ids.isEmpty else { return [] }
        let rows = try await client.query("SELECT id FROM files WHERE id = ANY(\(ids))", logger: logger)
        var found: Set<UUID> = []
        for try await id in rows.decode(UUID.self) { found.insert(id) }
        return found
    }
}
