import NIOCore
import PostgresNIO

/// ``UserStore`` on the same `users` table the ingest consumer writes. Times leave PostgreSQL as
/// whole Unix seconds (they entered as such).
extension PostgresUserStore: UserStore {
    /// What every read selects, in the order ``read(_:)`` decodes it.
    private static let selectColumns = """
        SELECT id, first_name, last_name, email_encrypted, EXTRACT(EPOCH FROM created_at)::bigint,
            EXTRACT(EPOCH FROM deleted_at)::bigint, EXTRACT(EPOCH FROM merged_at)::bigint, parent_user_id
        FROM users
        """

    public func page(after: Int64, limit: Int) async throws -> [StoredUser] {
        try await read("\(unescaped: Self.selectColumns) WHERE id > \(after) ORDER BY id LIMIT \(limit)")
    }

    public func user(id: Int64) async throws -> StoredUser? {
        try await read("\(unescaped: Self.selectColumns) WHERE id = \(id)").first
    }

    public func users(ids: [Int64]) async throws -> [StoredUser] {
        guard !ids.isEmpty else { return [] }
        return try await read("\(unescaped: Self.selectColumns) WHERE id = ANY(\(ids)::bigint[]) ORDER BY id")
    }

    public func insert(_ user: StoredUser, messageID: String) async throws -> Bool {
        let email = ByteBuffer(bytes: user.emailSealed)
        let rows = try await client.query(
            """
            INSERT INTO users (id, first_name, last_name, email_encrypted, created_at, deleted_at, merged_at,
                parent_user_id, message_id)
            VALUES (\(user.id), \(user.firstName), \(user.lastName), \(email),
                to_timestamp(\(user.createdAt)::bigint), to_timestamp(\(user.deletedAt)::bigint),
                to_timestamp(\(user.mergedAt)::bigint), \(user.parentUserID)::bigint, \(messageID))
            ON CONFLICT (id) DO NOTHING
            RETURNING id
            """,
            logger: logger)
        return try await rows.decode(Int64.self).first { _ in true } != nil
    }

    public func delete(id: Int64) async throws -> Bool {
        let rows = try await client.query("DELETE FROM users WHERE id = \(id) RETURNING id", logger: logger)
        return try await rows.decode(Int64.self).first { _ in true } != nil
    }

    private func read(_ query: PostgresQuery) async throws -> [StoredUser] {
        let rows = try await client.query(query, logger: logger)
        var users: [StoredUser] = []
        for try await (id, firstName, lastName, email, created, deleted, merged, parent) in rows.decode(
            (Int64, String, String, ByteBuffer, Int64?, Int64?, Int64?, Int64?).self)
        {
            users.append(
                StoredUser(
                    id: id, firstName: firstName, lastName: lastName, emailSealed: Array(email.readableBytesView),
                    createdAt: created, deletedAt: deleted, mergedAt: merged, parentUserID: parent))
        }
        return users
    }
}
