import Contracts
import Foundation
import Synchronization

@testable import LogAPICore

/// A ``FileStore`` in memory, for route and sweeper tests only: the uniqueness of (name, sha256)
/// of files not forced, keyset pages in the same order as the SQL, and a sweep lock a test can hold.
final class InMemoryFileStore: FileStore {
    private struct State {
        var files: [UUID: StoredFile] = [:]
        var errors: [UUID: [FileRecordError]] = [:]
        /// file id → stored log count, for `?records=true`.
        var records: [UUID: Int] = [:]
        var sweepLocked = false
        var failing = false
        var clockMicroseconds: Int64 = 1_800_000_000_000_000
    }

    struct InjectedFailure: Error {}

    /// Protects the rows, the lock and the switches.
    private let state = Mutex(State())

    private func check() throws {
        if state.withLock({ $0.failing }) { throw InjectedFailure() }
    }

    func insertQueued(_ file: NewFile) async throws -> FileInsertOutcome {
        try check()
        return state.withLock { state in
            if !file.forced,
                let existing = state.files.values.first(where: {
                    !$0.forced && $0.name == file.name && $0.sha256 == file.sha256
                })
            {
                return .existing(existing)
            }
            state.clockMicroseconds += 1000
            let row = StoredFile(
                id: file.id, name: file.name, contentType: file.contentType, objectKey: file.objectKey,
                sizeBytes: file.sizeBytes, sha256: file.sha256, forced: file.forced, status: .queued, bytesProcessed: 0,
                recordsProcessed: 0, recordsStored: 0, recordsRejected: 0, error: nil, errorLine: nil,
                errorColumn: nil, attempts: 0, createdAtMicroseconds: state.clockMicroseconds, updatedAt: Date(),
                startedAt: nil, finishedAt: nil)
            state.files[file.id] = row
            return .inserted(row)
        }
    }

    func file(id: UUID) async throws -> StoredFile? {
        try check()
        return state.withLock { $0.files[id] }
    }

    func files(
        status: FileStatus?, after position: FileListPosition?, limit: Int
    ) async throws -> [StoredFile] {
        try check()
        return state.withLock { state in
            let ordered = state.files.values.sorted {
                ($0.createdAtMicroseconds, $0.id.uuidString) > ($1.createdAtMicroseconds, $1.id.uuidString)
            }
            return Array(
                ordered.filter { file in
                    (status == nil || file.status == status)
                        && position.map {
                            (file.createdAtMicroseconds, file.id.uuidString)
                                < ($0.createdAtMicroseconds, $0.id.uuidString)
                        } ?? true
                }.prefix(limit))
        }
    }

    func errors(fileID: UUID, afterIndex: Int64?, limit: Int) async throws -> [FileRecordError] {
        try check()
        return state.withLock { state in
            Array((state.errors[fileID] ?? []).filter { $0.recordIndex > (afterIndex ?? -1) }.prefix(limit))
        }
    }

    func deleteRecords(fileID: UUID, batchSize: Int) async throws -> Int {
        try check()
        return state.withLock { $0.records.removeValue(forKey: fileID) ?? 0 }
    }

    func delete(id: UUID) async throws -> StoredFile? {
        try check()
        return state.withLock { state in
            state.errors[id] = nil
            return state.files.removeValue(forKey: id)
        }
    }

    func withSweepLock<T: Sendable>(_ body: () async throws -> T) async throws -> T? {
        let taken = state.withLock { state -> Bool in
            guard !state.sweepLocked else { return false }
            state.sweepLocked = true
            return true
        }
        guard taken else { return nil }
        defer { state.withLock { $0.sweepLocked = false } }
        return try await body()
    }

    func queuedFiles(unchangedFor age: Duration, limit: Int) async throws -> [StoredFile] {
        try check()
        let seconds = Double(age.components.seconds) + Double(age.components.attoseconds) / 1e18
        let cutoff = Date().addingTimeInterval(-seconds)
        return state.withLock { state in
            Array(
                state.files.values.filter { $0.status == .queued && $0.updatedAt < cutoff }.sorted {
                    $0.updatedAt < $1.updatedAt
                }.prefix(limit))
        }
    }

    func touchQueued(id: UUID) async throws {
        try check()
        state.withLock { state in
            if state.files[id]?.status == .queued { state.files[id]?.updatedAt = Date() }
        }
    }

    func existingIDs(_ ids: [UUID]) async throws -> Set<UUID> {
        try check()
        return state.withLock { state in Set(ids.filter { state.files[$0] != nil }) }
    }

    // MARK: For the tests

    var all: [StoredFile] { state.withLock { Array($0.files.values) } }
    func failing(_ fail: Bool) { state.withLock { $0.failing = fail } }
    func holdSweepLock(_ held: Bool) { state.withLock { $0.sweepLocked = held } }

    /// Changes a row as log-worker would.
    func update(_ id: UUID, _ change: (inout StoredFile) -> Void) {
        state.withLock { state in
            if var file = state.files[id] {
                change(&file)
                state.files[id] = file
            }
        }
    }

    func setErrors(_ id: UUID, _ errors: [FileRecordError]) { state.withLock { $0.errors[id] = errors } }
    func setRecords(_ id: UUID, count: Int) { state.withLock { $0.records[id] = count } }
}
