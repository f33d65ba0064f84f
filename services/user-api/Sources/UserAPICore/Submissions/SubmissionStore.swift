import Foundation
import Logging
import PostgresNIO
import ServiceKit

/// What applying one message did.
public enum SubmissionApplyOutcome: Sendable, Equatable {
    /// Its users are stored or refused, in one transaction; the submission is now `status`.
    case applied(SubmissionStatus, stored: Int, rejected: Int)
    /// This message was applied before (a redelivery): nothing changed.
    case alreadyApplied
    /// No such submission, or one that failed before it was processed (the client got 503):
    /// nothing stored.
    case ignored(String)
}

/// The submissions, their errors and the users they stored, in PostgreSQL (``UserAPIMigrations``
/// version 2).
///
/// Guarantees:
/// - A message is applied in one transaction that also records it in `user_submission_parts`, so
///   applying it again changes nothing (``SubmissionApplyOutcome/alreadyApplied``), whatever
///   crashed between the commit and the offset commit.
/// - A user's id is derived from the slug and its index (`md5(slug:index)` as a uuid), so the same
///   user of the same submission is the same row.
/// - (name, age) is unique by index: a duplicate (with a stored user, or earlier in the same
///   message) is decided by the index alone, never by a read before the write, and becomes that
///   user's error.
public struct PostgresSubmissionStore: Sendable {
    let client: PostgresClient
    let logger: Logger

    public init(client: PostgresClient, logger: Logger) {
        self.client = client
        self.logger = logger
    }

    /// The status row of a new submission of `total` users in `parts` messages, `queued`.
    public func createQueued(slug: String, total: Int, parts: Int) async throws {
        try await client.query(
            """
            INSERT INTO user_submissions (slug, status, total, parts)
            VALUES (\(slug), 'queued', \(Int32(total)), \(Int32(parts)))
            """, logger: logger)
    }

    /// Marks a submission `failed` with `reason` (Kafka did not take its messages).
    public func markFailed(slug: String, reason: String) async throws {
        try await client.query(
            """
            UPDATE user_submissions SET status = 'failed', failure = \(reason), updated_at = now()
            WHERE slug = \(slug)
            """, logger: logger)
    }

    /// Applies one message: stores its valid users, records every error, moves the submission on.
    public func apply(
        _ message: SubmissionMessage, valid: [(index: Int, user: SubmittedUser)], errors: [SubmissionRecordError]
    ) async throws -> SubmissionApplyOutcome {
        let slug = message.slug
        let logger = logger
        return try await client.withTransaction(logger: logger) { connection in
            let state = try await connection.query(
                "SELECT status, failure FROM user_submissions WHERE slug = \(slug) FOR UPDATE", logger: logger)
            var found: (String, String?)?
            for try await row in state.decode((String, String?).self) { found = row }
            guard let (status, failure) = found else { return .ignored("no submission \(slug)") }
            if status == SubmissionStatus.failed.rawValue, let failure {
                return .ignored("submission \(slug) failed before it was processed: \(failure)")
            }
            let part = try await connection.query(
                """
                INSERT INTO user_submission_parts (slug, part) VALUES (\(slug), \(Int32(message.part)))
                ON CONFLICT DO NOTHING RETURNING part
                """, logger: logger)
            var isNew = false
            for try await _ in part.decode(Int32.self) { isNew = true }
            guard isNew else { return .alreadyApplied }

            let inserted = try await Self.insert(valid, slug: slug, on: connection, logger: logger)
            var allErrors = errors
            for (index, user) in valid where !inserted.contains(index) {
                allErrors.append(
                    SubmissionRecordError(
                        index: index, field: "name",
                        reason: "a user with this name and age \(user.age) is stored already ((name, age) is unique)"))
            }
            try await Self.insert(allErrors, slug: slug, on: connection, logger: logger)
            let rejected = Set(allErrors.map(\.index)).count
            let updated = try await connection.query(
                """
                UPDATE user_submissions SET parts_done = parts_done + 1, stored = stored + \(Int32(inserted.count)),
                    rejected = rejected + \(Int32(rejected)), updated_at = now(),
                    status = CASE
                        WHEN parts_done + 1 < parts THEN 'processing'
                        WHEN stored + \(Int32(inserted.count)) = 0 THEN 'failed'
                        WHEN rejected + \(Int32(rejected)) > 0 THEN 'completed_with_errors'
                        ELSE 'completed' END
                WHERE slug = \(slug) RETURNING status
                """, logger: logger)
            var newStatus = SubmissionStatus.processing
            for try await text in updated.decode(String.self) {
                newStatus = SubmissionStatus(rawValue: text) ?? .processing
            }
            return .applied(newStatus, stored: inserted.count, rejected: rejected)
        }
    }

    /// Inserts the users; returns the indexes of those inserted (the others met the (name, age) index).
    ///
    /// Fast path first: a plain `INSERT` inside a savepoint (no speculative insertion per row, no
    /// rows returned). Only when it meets the unique index (SQLSTATE 23505) does it roll back to the
    /// savepoint and insert with `ON CONFLICT DO NOTHING RETURNING`, which tells which users were
    /// duplicates. Measured here: the plain statement takes about 3/4 of the time of the other.
    /// Messages of fewer than ``fastPathMinimum`` users skip the fast path.
    private static func insert(
        _ users: [(index: Int, user: SubmittedUser)], slug: String, on connection: PostgresConnection, logger: Logger
    ) async throws -> Set<Int> {
        guard !users.isEmpty else { return [] }
        let indexes = users.map { Int32($0.index) }
        let names = users.map(\.user.name)
        let ages = users.map { Int32($0.user.age) }
        // An empty address or number is refused by the rules, so '' can stand for none.
        let emails = users.map { $0.user.email ?? "" }
        let phones = users.map { $0.user.phone ?? "" }
        // A few users: the savepoint's two round trips would cost more than they save.
        if users.count >= Self.fastPathMinimum {
            try await connection.query("SAVEPOINT submitted_users", logger: logger)
            do {
                try await connection.query(
                    """
                    INSERT INTO submitted_users (id, name, age, email, phone, submission, record_index)
                    SELECT md5(\(slug) || ':' || u.idx)::uuid, u.name, u.age, nullif(u.email, ''), nullif(u.phone, ''),
                        \(slug), u.idx
                    FROM unnest(\(indexes)::int4[], \(names)::text[], \(ages)::int4[], \(emails)::text[], \(phones)::text[])
                        AS u(idx, name, age, email, phone)
                    """, logger: logger)
                try await connection.query("RELEASE SAVEPOINT submitted_users", logger: logger)
                return Set(users.map(\.index))
            } catch  where PostgresSubmissionStore.isUniqueViolation(error) {
                try await connection.query("ROLLBACK TO SAVEPOINT submitted_users", logger: logger)
            }
        }
        let rows = try await connection.query(
            """
            INSERT INTO submitted_users (id, name, age, email, phone, submission, record_index)
            SELECT md5(\(slug) || ':' || u.idx)::uuid, u.name, u.age, nullif(u.email, ''), nullif(u.phone, ''),
                \(slug), u.idx
            FROM unnest(\(indexes)::int4[], \(names)::text[], \(ages)::int4[], \(emails)::text[], \(phones)::text[])
                AS u(idx, name, age, email, phone)
            ORDER BY u.idx
            ON CONFLICT DO NOTHING
            RETURNING record_index
            """, logger: logger)
        var inserted = Set<Int>()
        for try await index in rows.decode(Int32.self) { inserted.insert(Int(index)) }
        return inserted
    }

    /// Below this many users a message goes straight to `ON CONFLICT DO NOTHING`.
    static let fastPathMinimum = 64

    static func isUniqueViolation(_ error: any Error) -> Bool {
        (error as? PSQLError)?.serverInfo?[.sqlState] == "23505"
    }

    private static func insert(
        _ errors: [SubmissionRecordError], slug: String, on connection: PostgresConnection, logger: Logger
    ) async throws {
        guard !errors.isEmpty else { return }
        var seqs: [Int32] = []
        var next: [Int: Int32] = [:]
        for error in errors {
            let seq = next[error.index, default: 0]
            next[error.index] = seq + 1
            seqs.append(seq)
        }
        try await connection.query(
            """
            INSERT INTO user_submission_errors (slug, record_index, seq, field, reason)
            SELECT \(slug), e.idx, e.seq, nullif(e.field, ''), e.reason
            FROM unnest(\(errors.map { Int32($0.index) })::int4[], \(seqs)::int4[],
                \(errors.map { $0.field ?? "" })::text[], \(errors.map(\.reason))::text[])
                AS e(idx, seq, field, reason)
            """, logger: logger)
    }

    /// The status row of `slug`, or nil.
    public func snapshot(slug: String) async throws -> SubmissionSnapshot? {
        let rows = try await client.query(
            """
            SELECT status, total, stored, rejected, failure, created_at, updated_at FROM user_submissions
            WHERE slug = \(slug)
            """, logger: logger)
        for try await (status, total, stored, rejected, failure, created, updated) in rows.decode(
            (String, Int32, Int32, Int32, String?, Date, Date).self)
        {
            return SubmissionSnapshot(
                slug: slug, status: SubmissionStatus(rawValue: status) ?? .failed, total: Int(total),
                stored: Int(stored), rejected: Int(rejected), failure: failure, createdAt: created, updatedAt: updated)
        }
        return nil
    }

    /// Up to `limit` errors of `slug` after `after` (record index, seq), in that order.
    public func errors(slug: String, after: (index: Int, seq: Int)?, limit: Int) async throws -> [StoredSubmissionError]
    {
        let afterIndex = Int32(after?.index ?? -1)
        let afterSeq = Int32(after?.seq ?? Int(Int32.max))
        let rows = try await client.query(
            """
            SELECT record_index, seq, field, reason FROM user_submission_errors
            WHERE slug = \(slug) AND (record_index, seq) > (\(afterIndex), \(afterSeq))
            ORDER BY record_index, seq LIMIT \(Int32(limit))
            """, logger: logger)
        var errors: [StoredSubmissionError] = []
        for try await (index, seq, field, reason) in rows.decode((Int32, Int32, String?, String).self) {
            errors.append(StoredSubmissionError(index: Int(index), seq: Int(seq), field: field, reason: reason))
        }
        return errors
    }

    /// The number of stored users in each of ``AgeGroups/labels``, from one query.
    public func ageGroups() async throws -> [Int] {
        let rows = try await client.query(
            """
            SELECT count(*) FILTER (WHERE age < 18), count(*) FILTER (WHERE age BETWEEN 18 AND 24),
                count(*) FILTER (WHERE age BETWEEN 25 AND 34), count(*) FILTER (WHERE age BETWEEN 35 AND 44),
                count(*) FILTER (WHERE age BETWEEN 45 AND 54), count(*) FILTER (WHERE age BETWEEN 55 AND 64),
                count(*) FILTER (WHERE age >= 65)
            FROM submitted_users
            """, logger: logger)
        for try await (a, b, c, d, e, f, g) in rows.decode((Int64, Int64, Int64, Int64, Int64, Int64, Int64).self) {
            return [a, b, c, d, e, f, g].map { Int($0) }
        }
        return Array(repeating: 0, count: AgeGroups.labels.count)
    }

    /// Up to `limit` stored users with ids above `after`, in id order.
    public func users(after: UUID?, limit: Int) async throws -> [StoredSubmittedUser] {
        let rows = try await client.query(
            """
            SELECT id, name, age, email, phone, submission, record_index, created_at FROM submitted_users
            WHERE id > coalesce(\(after), '00000000-0000-0000-0000-000000000000'::uuid)
            ORDER BY id LIMIT \(Int32(limit))
            """, logger: logger)
        var users: [StoredSubmittedUser] = []
        for try await (id, name, age, email, phone, submission, index, created) in rows.decode(
            (UUID, String, Int32, String?, String?, String, Int32, Date).self)
        {
            users.append(
                StoredSubmittedUser(
                    id: id, name: name, age: Int(age), email: email, phone: phone, submission: submission,
                    recordIndex: Int(index), createdAt: created))
        }
        return users
    }
}
