import Contracts
import Logging
import NIOCore
import PostgresNIO

/// The `users` table (``UserConsumerMigrations``), e-mail addresses sealed with ``EmailCipher``:
/// ``UserIngestStore`` here, ``UserStore`` in `PostgresUserStore+UserStore.swift`.
public struct PostgresUserStore: UserIngestStore {
    let client: PostgresClient
    let cipher: EmailCipher
    let logger: Logger

    public init(client: PostgresClient, cipher: EmailCipher, logger: Logger) {
        self.client = client
        self.cipher = cipher
        self.logger = logger
    }

    /// Stands for NULL in the bigint arrays: PostgresNIO binds no optional array elements.
    static let none = Int64.min

    @discardableResult
    public func upsert(_ users: [IngestedUser]) async throws -> [StoredUser] {
        let unique = users.lastOfEachID
        guard !unique.isEmpty else { return [] }
        let stored = unique.map(\.user)
        var ids: [Int64] = []
        var firstNames: [String] = []
        var lastNames: [String] = []
        var emails: [ByteBuffer] = []
        var createdAt: [Int64] = []
        var deletedAt: [Int64] = []
        var mergedAt: [Int64] = []
        var parents: [Int64] = []
        ids.reserveCapacity(stored.count)
        firstNames.reserveCapacity(stored.count)
        lastNames.reserveCapacity(stored.count)
        emails.reserveCapacity(stored.count)
        createdAt.reserveCapacity(stored.count)
        deletedAt.reserveCapacity(stored.count)
        mergedAt.reserveCapacity(stored.count)
        parents.reserveCapacity(stored.count)
        for user in stored {
            ids.append(user.id)
            firstNames.append(user.firstName)
            lastNames.append(user.lastName)
            emails.append(ByteBuffer(bytes: user.emailSealed))
            createdAt.append(user.createdAt ?? Self.none)
            deletedAt.append(user.deletedAt ?? Self.none)
            mergedAt.append(user.mergedAt ?? Self.none)
            parents.append(user.parentUserID ?? Self.none)
        }
        let messageIDs = unique.map(\.messageID)
        let none = Self.none
        _ = try await client.withTransaction(logger: logger) { connection in
            try await connection.query(
                """
                INSERT INTO users AS stored (id, first_name, last_name, email_encrypted, created_at, deleted_at,
                    merged_at, parent_user_id, message_id)
                SELECT id, first_name, last_name, email,
                    to_timestamp(NULLIF(created, \(none))), to_timestamp(NULLIF(deleted, \(none))),
                    to_timestamp(NULLIF(merged, \(none))), NULLIF(parent, \(none)), message_id
                FROM UNNEST(\(ids)::bigint[], \(firstNames)::text[], \(lastNames)::text[], \(emails)::bytea[],
                    \(createdAt)::bigint[], \(deletedAt)::bigint[], \(mergedAt)::bigint[], \(parents)::bigint[],
                    \(messageIDs)::text[])
                    AS incoming(id, first_name, last_name, email, created, deleted, merged, parent, message_id)
                ON CONFLICT (id) DO UPDATE SET
                    first_name = EXCLUDED.first_name, last_name = EXCLUDED.last_name,
                    email_encrypted = EXCLUDED.email_encrypted, created_at = EXCLUDED.created_at,
                    deleted_at = EXCLUDED.deleted_at, merged_at = EXCLUDED.merged_at,
                    parent_user_id = EXCLUDED.parent_user_id, message_id = EXCLUDED.message_id, updated_at = now()
                WHERE (stored.first_name, stored.last_name, stored.email_encrypted, stored.created_at,
                    stored.deleted_at, stored.merged_at, stored.parent_user_id)
                    IS DISTINCT FROM (EXCLUDED.first_name, EXCLUDED.last_name, EXCLUDED.email_encrypted,
                    EXCLUDED.created_at, EXCLUDED.deleted_at, EXCLUDED.merged_at, EXCLUDED.parent_user_id)
                """,
                logger: logger)
        }
        return stored
    }
}
