import Foundation
import Logging
import PostgresNIO
import Synchronization

/// ``ManagedUserStore`` on the `managed_users` and `managed_user_outbox` tables
/// (``UserAPIMigrations``). Each change is one statement (a data-modifying `WITH`): the row and its
/// outbox row commit together, in one round trip. A duplicate address is decided by the unique index
/// alone (SQLSTATE 23505), never by a read before the write.
public struct PostgresManagedUserStore: ManagedUserStore {
    let client: PostgresClient
    let logger: Logger
    /// Reads of one user by address (``user(email:)``): how tests see that concurrent cache misses
    /// made one query.
    public let lookups: QueryCounter

    public init(client: PostgresClient, logger: Logger, lookups: QueryCounter = QueryCounter()) {
        self.client = client
        self.logger = logger
        self.lookups = lookups
    }

    public func create(name: String, email: String, role: String) async throws -> ManagedUser? {
        let id = UUID()
        do {
            let rows = try await client.query(
                """
                WITH inserted AS (
                    INSERT INTO managed_users (id, name, email, role, version, created_at, updated_at)
                    VALUES (\(id), \(name), \(email), \(role), nextval('managed_user_versions'), now(), now())
                    RETURNING id, name, email, role, version, created_at, updated_at
                ), queued AS (
                    INSERT INTO managed_user_outbox (user_id, version, operation)
                    SELECT id, version, 'create' FROM inserted
                )
                SELECT id, name, email, role, version, created_at, updated_at FROM inserted
                """, logger: logger)
            return try await Self.users(rows).first
        } catch  where Self.isUniqueViolation(error) {
            return nil
        }
    }

    public func user(email: String) async throws -> ManagedUser? {
        lookups.increment()
        let rows = try await client.query(
            """
            SELECT id, name, email, role, version, created_at, updated_at FROM managed_users
            WHERE lower(email) = lower(\(email))
            """, logger: logger)
        return try await Self.users(rows).first
    }

    public func update(email: String, changes: UserInput) async throws -> ManagedUser? {
        do {
            let rows = try await client.query(
                """
                WITH updated AS (
                    UPDATE managed_users SET name = coalesce(\(changes.name)::text, name),
                        email = coalesce(\(changes.email)::text, email), role = coalesce(\(changes.role)::text, role),
                        version = nextval('managed_user_versions'), updated_at = now()
                    WHERE lower(email) = lower(\(email))
                    RETURNING id, name, email, role, version, created_at, updated_at
                ), queued AS (
                    INSERT INTO managed_user_outbox (user_id, version, operation)
                    SELECT id, version, 'update' FROM updated
                )
                SELECT id, name, email, role, version, created_at, updated_at FROM updated
                """, logger: logger)
            return try await Self.users(rows).first
        } catch  where Self.isUniqueViolation(error) {
            throw ManagedUserStoreError.emailTaken
        }
    }

    public func delete(email: String) async throws -> DeletedUser? {
        let rows = try await client.query(
            """
            WITH deleted AS (
                DELETE FROM managed_users WHERE lower(email) = lower(\(email))
                RETURNING id, email, nextval('managed_user_versions') AS version
            ), queued AS (
                INSERT INTO managed_user_outbox (user_id, version, operation)
                SELECT id, version, 'delete' FROM deleted
            )
            SELECT id, email, version FROM deleted
            """, logger: logger)
        for try await (id, email, version) in rows.decode((UUID, String, Int64).self) {
            return DeletedUser(id: id, email: email, version: version)
        }
        return nil
    }

    public func page(role: String?, after: UUID?, limit: Int) async throws -> [ManagedUser] {
        // One statement per case, so each has a plan that uses its index.
        let rows: PostgresRowSequence
        switch (role, after) {
        case (nil, nil):
            rows = try await client.query(
                "SELECT id, name, email, role, version, created_at, updated_at FROM managed_users ORDER BY id LIMIT \(limit)",
                logger: logger)
        case (nil, let after?):
            rows = try await client.query(
                """
                SELECT id, name, email, role, version, created_at, updated_at FROM managed_users
                WHERE id > \(after) ORDER BY id LIMIT \(limit)
                """, logger: logger)
        case (let role?, nil):
            rows = try await client.query(
                """
                SELECT id, name, email, role, version, created_at, updated_at FROM managed_users
                WHERE role = \(role) ORDER BY id LIMIT \(limit)
                """, logger: logger)
        case (let role?, let after?):
            rows = try await client.query(
                """
                SELECT id, name, email, role, version, created_at, updated_at FROM managed_users
                WHERE role = \(role) AND id > \(after) ORDER BY id LIMIT \(limit)
                """, logger: logger)
        }
        return try await Self.users(rows)
    }

    public func search(_ query: String, role: String?, offset: Int, limit: Int) async throws -> [ManagedUser] {
        let text = query.lowercased()
        let pattern = "%" + Self.likeEscaped(text) + "%"
        // `<%` (word similarity over the trigram indexes) forgives typos; LIKE finds any substring,
        // prefixes included. Best matches first, then by id so pages are stable.
        let rows = try await client.query(
            """
            SELECT id, name, email, role, version, created_at, updated_at FROM managed_users
            WHERE (lower(name) LIKE \(pattern) OR lower(email) LIKE \(pattern)
                OR \(text) <% lower(name) OR \(text) <% lower(email))
                AND (\(role)::text IS NULL OR role = \(role)::text)
            ORDER BY (lower(name) LIKE \(pattern) OR lower(email) LIKE \(pattern)) DESC,
                greatest(word_similarity(\(text), lower(name)), word_similarity(\(text), lower(email))) DESC, id
            LIMIT \(limit) OFFSET \(offset)
            """, logger: logger)
        return try await Self.users(rows)
    }

    static func users(_ rows: PostgresRowSequence) async throws -> [ManagedUser] {
        var users: [ManagedUser] = []
        for try await (id, name, email, role, version, created, updated) in rows.decode(
            (UUID, String, String, String, Int64, Date, Date).self)
        {
            users.append(
                ManagedUser(
                    id: id, name: name, email: email, role: role, version: version, createdAt: created,
                    updatedAt: updated))
        }
        return users
    }

    /// `text` for a LIKE pattern: its own `%`, `_` and `\` match themselves.
    static func likeEscaped(_ text: String) -> String {
        var escaped = ""
        for character in text {
            if character == "%" || character == "_" || character == "\\" { escaped.append("\\") }
            escaped.append(character)
        }
        return escaped
    }

    static func isUniqueViolation(_ error: any Error) -> Bool {
        (error as? PSQLError)?.serverInfo?[.sqlState] == "23505"
    }
}

/// A count that any task may bump.
public final class QueryCounter: Sendable {
    private let value = Atomic<Int>(0)

    public init() {}

    public func increment() { value.add(1, ordering: .relaxed) }
    public var count: Int { value.load(ordering: .relaxed) }
}
