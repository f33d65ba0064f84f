import Foundation
import PostgresNIO
import ServiceKit
import TestInfra
import Testing

@testable import LogAPICore

/// ``PostgresFileStore`` against PostgreSQL with log-worker's schema: duplicates decided by the
/// unique index (also for concurrent inserts), keyset pages that never skip or repeat, deletes of
/// the row and of its logs in batches, and the sweeper's lock and queries.
@Suite("file store (PostgreSQL)", .timeLimit(.minutes(5)))
struct PostgresFileStoreTests {
    static func newFile(
        name: String = "a.json", sha: String = String(repeating: "a", count: 64), forced: Bool = false
    ) -> NewFile {
        let id = UUID()
        return NewFile(
            id: id, name: name, contentType: "application/json", objectKey: FileObjectKey.of(id), sizeBytes: 10,
            sha256: sha, forced: forced)
    }

    @Test func theSameNameAndBytesAreOneFileUnlessForced() async throws {
        try await FileDatabase.with { _, client in
            let store = PostgresFileStore(client: client, logger: FileDatabase.logger)
            let first = Self.newFile()
            guard case .inserted(let row) = try await store.insertQueued(first) else {
                Issue.record("not inserted")
                return
            }
            #expect(row.id == first.id && row.status == .queued && row.name == "a.json" && row.attempts == 0)
            #expect(try await store.insertQueued(Self.newFile()) == .existing(row))
            guard case .inserted = try await store.insertQueued(Self.newFile(name: "b.json")) else {
                Issue.record("another name is another file")
                return
            }
            guard case .inserted = try await store.insertQueued(Self.newFile(forced: true)),
                case .inserted = try await store.insertQueued(Self.newFile(forced: true))
            else {
                Issue.record("forced files are always new")
                return
            }
            #expect(try await FileDatabase.count("SELECT count(*) FROM files", client: client) == 4)
        }
    }

    @Test func concurrentIdenticalInsertsMakeOneRow() async throws {
        try await FileDatabase.with { _, client in
            let store = PostgresFileStore(client: client, logger: FileDatabase.logger)
            let sha = String(repeating: "c", count: 64)
            let outcomes = try await withThrowingTaskGroup(of: FileInsertOutcome.self) { group in
                for _ in 0..<20 { group.addTask { try await store.insertQueued(Self.newFile(sha: sha)) } }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            let inserted = outcomes.compactMap { if case .inserted(let row) = $0 { return row.id } else { return nil } }
            let existing = outcomes.compactMap { if case .existing(let row) = $0 { return row.id } else { return nil } }
            #expect(inserted.count == 1)
            #expect(Set(existing) == Set(inserted) && existing.count == 19)
            #expect(try await FileDatabase.count("SELECT count(*) FROM files", client: client) == 1)
        }
    }

    @Test func pagesNeverSkipOrRepeat() async throws {
        try await FileDatabase.with { _, client in
            let store = PostgresFileStore(client: client, logger: FileDatabase.logger)
            var ids: [UUID] = []
            for number in 0..<23 {
                let file = Self.newFile(name: "f\(number).json")
                _ = try await store.insertQueued(file)
                ids.append(file.id)
            }
            // Rows created in the same microsecond as others: the id breaks the tie.
            try await client.query(
                "UPDATE files SET created_at = timestamptz '2026-12-07 10:00:00.123456+00' WHERE name LIKE 'f1%'",
                logger: FileDatabase.logger)
            try await client.query(
                "UPDATE files SET status = 'failed' WHERE name IN ('f3.json', 'f4.json', 'f15.json')",
                logger: FileDatabase.logger)
            let expected = try await store.files(status: nil, after: nil, limit: 100).map(\.id)
            #expect(Set(expected) == Set(ids) && expected.count == 23)
            var seen: [UUID] = []
            var position: FileListPosition?
            for _ in 0..<20 {
                let page = try await store.files(status: nil, after: position, limit: 4)
                seen += page.map(\.id)
                guard page.count == 4, let last = page.last else { break }
                position = FileListPosition(createdAtMicroseconds: last.createdAtMicroseconds, id: last.id)
            }
            #expect(seen == expected)
            let failed = try await store.files(status: .failed, after: nil, limit: 10)
            #expect(Set(failed.map(\.name)) == ["f3.json", "f4.json", "f15.json"])
        }
    }

    @Test func errorsPageByRecordIndexAndDeleteTakesTheRowItsErrorsAndOnRequestItsLogs() async throws {
        try await FileDatabase.with { _, client in
            let store = PostgresFileStore(client: client, logger: FileDatabase.logger)
            let file = Self.newFile()
            _ = try await store.insertQueued(file)
            let rejected = (0..<7).map {
                FileRecordError(recordIndex: Int64($0 * 3), line: $0 * 3 + 1, column: 2, reason: "reason \($0)")
            }
            try await FileDatabase.process(
                file.id, status: "completed_with_errors", stored: 12_345, rejected: rejected, client: client)
            let row = try #require(try await store.file(id: file.id))
            #expect(row.status == .completedWithErrors && row.recordsStored == 12_345 && row.recordsRejected == 7)
            #expect(row.startedAt != nil && row.finishedAt != nil)

            let first = try await store.errors(fileID: file.id, afterIndex: nil, limit: 3)
            #expect(first == Array(rejected.prefix(3)))
            let next = try await store.errors(fileID: file.id, afterIndex: first.last?.recordIndex, limit: 10)
            #expect(next == Array(rejected.dropFirst(3)))

            #expect(try await store.deleteRecords(fileID: file.id, batchSize: 5000) == 12_345)
            #expect(try await store.delete(id: file.id)?.id == file.id)
            #expect(try await store.delete(id: file.id) == nil)
            #expect(try await FileDatabase.count("SELECT count(*) FROM file_errors", client: client) == 0)
            #expect(try await FileDatabase.count("SELECT count(*) FROM logs", client: client) == 0)
        }
    }

    @Test func oneSweeperAtATime() async throws {
        try await FileDatabase.with { database, client in
            let store = PostgresFileStore(client: client, logger: FileDatabase.logger)
            // A second replica: a pool of its own.
            try await withPostgresClient(database) { other in
                let otherStore = PostgresFileStore(client: other, logger: FileDatabase.logger)
                let inner = try await store.withSweepLock {
                    try await otherStore.withSweepLock { "the other replica swept" } ?? "skipped"
                }
                #expect(inner == "skipped")
                #expect(try await otherStore.withSweepLock { "swept" } == "swept")
            }
        }
    }

    @Test func queuedFilesByAgeAndTouch() async throws {
        try await FileDatabase.with { _, client in
            let store = PostgresFileStore(client: client, logger: FileDatabase.logger)
            let old = Self.newFile(name: "old.json")
            let young = Self.newFile(name: "young.json")
            let done = Self.newFile(name: "done.json")
            for file in [old, young, done] { _ = try await store.insertQueued(file) }
            try await client.query(
                "UPDATE files SET updated_at = now() - interval '5 minutes' WHERE name IN ('old.json', 'done.json')",
                logger: FileDatabase.logger)
            try await client.query(
                "UPDATE files SET status = 'completed' WHERE name = 'done.json'", logger: FileDatabase.logger)
            #expect(try await store.queuedFiles(unchangedFor: .seconds(60), limit: 10).map(\.id) == [old.id])
            try await store.touchQueued(id: old.id)
            #expect(try await store.queuedFiles(unchangedFor: .seconds(60), limit: 10).isEmpty)
            #expect(try await store.existingIDs([old.id, UUID(), done.id]) == [old.id, done.id])
        }
    }
}
