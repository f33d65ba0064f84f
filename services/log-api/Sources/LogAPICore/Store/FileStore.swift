import Contracts
import Foundation

/// The `files` and `file_errors` rows log-api reads and writes (the tables are log-worker's,
/// migration 3), and what the sweeper needs of them.
///
/// Guarantees of every implementation:
/// - ``insertQueued(_:)`` decides duplicates by the unique index on (name, sha256) of files not
///   forced, atomically: of two identical uploads at once exactly one row is inserted, and the
///   other gets `.existing` with that row.
/// - Reads see committed rows only; pages are keyset pages (never skip or repeat a row).
public protocol FileStore: Sendable {
    func insertQueued(_ file: NewFile) async throws -> FileInsertOutcome

    func file(id: UUID) async throws -> StoredFile?

    /// The files of `ids` that have a row, in any order (the notifications' snapshots).
    func files(ids: [UUID]) async throws -> [StoredFile]

    /// Files newest first by (created_at, id), strictly after `position`, optionally of one status.
    func files(
        status: FileStatus?, after position: FileListPosition?, limit: Int
    ) async throws -> [StoredFile]

    /// Rejected records by record index, strictly after `afterIndex`.
    func errors(fileID: UUID, afterIndex: Int64?, limit: Int) async throws -> [FileRecordError]

    /// Deletes the stored logs of the file, `batchSize` rows per statement; returns how many.
    func deleteRecords(fileID: UUID, batchSize: Int) async throws -> Int

    /// Deletes the row (and its `file_errors`); returns it, or nil when there was none.
    func delete(id: UUID) async throws -> StoredFile?

    // MARK: The sweeper's

    /// Runs `body` holding the sweeper's lock (a PostgreSQL advisory lock), so one replica sweeps
    /// at a time; nil without running it when another holds the lock.
    func withSweepLock<T: Sendable>(_ body: () async throws -> T) async throws -> T?

    /// Files still `queued` whose last change is older than `age` (by the database's clock), oldest first.
    func queuedFiles(unchangedFor age: Duration, limit: Int) async throws -> [StoredFile]

    /// Marks a still-`queued` file changed now, after its task was published again.
    func touchQueued(id: UUID) async throws

    /// Which of `ids` have a row.
    func existingIDs(_ ids: [UUID]) async throws -> Set<UUID>
}

extension FileStore {
    /// One read per id: enough for a store that answers from memory.
    public func files(ids: [UUID]) async throws -> [StoredFile] {
        var files: [StoredFile] = []
        for id in ids {
            if let file = try await file(id: id) { files.append(file) }
        }
        return files
    }
}

public enum FileInsertOutcome: Sendable, Hashable {
    /// The row is new.
    case inserted(StoredFile)
    /// The same name and bytes were uploaded before (not forced): that file.
    case existing(StoredFile)
}
