import Foundation
import Logging
import PostgresNIO
import Search
import ServiceKit
import ServiceLifecycle

/// Brings the search index up to PostgreSQL: claims outbox rows, reads the current rows of their
/// users, sends one bulk request, deletes the rows it claimed. A Service of user-api's ServiceGroup
/// (`ROLE=indexer` or `all`); several may run at once, in one process or many.
///
/// Guarantees:
/// - Nothing is lost: outbox rows are deleted only in the transaction that claimed them, after the
///   bulk request succeeded. A failure (Elasticsearch down, an item refused) rolls back, and the rows
///   are claimed again after a backoff (50 ms doubling to `USER_INDEXER_MAX_BACKOFF_MS`).
/// - Idempotent and order-free: a document is the user's current row at its version, sent with
///   `version_type=external`; a version conflict means a newer version is there already, which
///   counts as success. So indexers may race, and a row indexed twice changes nothing.
/// - Competing indexers do not wait on each other: `FOR UPDATE SKIP LOCKED` hands each its own rows.
///   Each process runs `USER_INDEXER_CONCURRENCY` of them, so bulk requests overlap.
/// - The index and its mapping are created before the first bulk request (``UserSearchIndex/ensure()``).
public struct UserIndexer: Service {
    let client: PostgresClient
    let index: UserSearchIndex
    let batchSize: Int
    let concurrency: Int
    let idle: Duration
    let maximumBackoff: Duration
    let logger: Logger

    public init(
        client: PostgresClient, index: UserSearchIndex, batchSize: Int, concurrency: Int, idle: Duration,
        maximumBackoff: Duration, logger: Logger
    ) {
        self.client = client
        self.index = index
        self.batchSize = batchSize
        self.concurrency = concurrency
        self.idle = idle
        self.maximumBackoff = maximumBackoff
        self.logger = logger
    }

    static let initialBackoff = Duration.milliseconds(50)

    public func run() async throws {
        // Cancelled at graceful shutdown: a batch in flight rolls back and is claimed again later.
        await cancelWhenGracefulShutdown {
            await withTaskGroup(of: Void.self) { group in
                for _ in 0..<concurrency { group.addTask { await drainUntilCancelled() } }
            }
        }
    }

    /// One worker: drains batch after batch, pausing when the outbox is empty and backing off on failure.
    func drainUntilCancelled() async {
        var indexReady = false
        var backoff = Self.initialBackoff
        var failing = false
        while !Task.isCancelled {
            do {
                if !indexReady {
                    try await index.ensure()
                    indexReady = true
                }
                let claimed = try await drainOnce()
                if failing { logger.info("user indexer is indexing again") }
                failing = false
                backoff = Self.initialBackoff
                if claimed < batchSize { try await Task.sleep(for: idle) }
            } catch {
                // Shutting down: the failure is the cancellation's (wrapped by the transaction or the client).
                if Task.isCancelled { return }
                ManagedUserMetrics.indexFailures.increment()
                if PostgresFailure.isUndefinedTable(error) {
                    // The migrations are still running (the ServiceGroup starts this service alongside them).
                    logger.debug("user indexer waits for the schema", metadata: ["error": "\(error)"])
                } else if !failing {
                    logger.warning("user indexer cannot index, retrying with backoff", metadata: ["error": "\(error)"])
                    failing = true
                }
                try? await Task.sleep(for: backoff)
                backoff = min(backoff * 2, maximumBackoff)
            }
        }
    }

    /// Indexes up to ``batchSize`` outbox rows in one transaction; returns how many it claimed.
    @discardableResult
    public func drainOnce() async throws -> Int {
        try await client.withTransaction(logger: logger) { connection in
            var sequences: [Int64] = []
            var latest: [UUID: Int64] = [:]
            let claimed = try await connection.query(
                """
                SELECT seq, user_id, version FROM managed_user_outbox ORDER BY seq
                LIMIT \(batchSize) FOR UPDATE SKIP LOCKED
                """, logger: logger)
            for try await (sequence, id, version) in claimed.decode((Int64, UUID, Int64).self) {
                sequences.append(sequence)
                latest[id] = max(latest[id] ?? 0, version)
            }
            guard !sequences.isEmpty else { return 0 }
            let ids = Array(latest.keys)
            let rows = try await connection.query(
                """
                SELECT id, name, email, role, version, created_at, updated_at FROM managed_users
                WHERE id = ANY(\(ids)::uuid[])
                """, logger: logger)
            var current: [UUID: ManagedUser] = [:]
            for user in try await PostgresManagedUserStore.users(rows) { current[user.id] = user }
            var bulk = SearchBulk()
            for (id, version) in latest {
                let documentID = id.uuidString.lowercased()
                if let user = current[id] {
                    bulk.index(
                        index.name, id: documentID, document: UserSearchIndex.document(user),
                        versioning: .external(user.version))
                } else {
                    // Deleted: the highest version claimed is the delete's (or an older one, whose
                    // tombstone the delete's own row replaces when another indexer sends it).
                    bulk.index(
                        index.name, id: documentID, document: UserSearchIndex.tombstone(id, version: version),
                        versioning: .external(version))
                }
            }
            let result = try await index.client.bulk(bulk)
            var stale = 0
            for item in result.items where !item.succeeded {
                guard item.isVersionConflict else {
                    throw SearchError(
                        kind: .server(status: item.status), type: item.errorType,
                        reason: "document \(item.id): \(item.errorReason ?? "refused")")
                }
                stale += 1
            }
            ManagedUserMetrics.indexed.increment(by: Int64(result.items.count - stale))
            ManagedUserMetrics.stale.increment(by: Int64(stale))
            try await connection.query(
                "DELETE FROM managed_user_outbox WHERE seq = ANY(\(sequences)::bigint[])", logger: logger)
            return sequences.count
        }
    }
}
