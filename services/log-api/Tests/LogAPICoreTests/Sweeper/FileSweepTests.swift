import Contracts
import Foundation
import Logging
import NIOCore
import Testing

@testable import LogAPICore

/// Each crash point of an upload, made by running only the steps before it (``FileIntake``), and
/// what the sweep does about it, with in-memory fakes. The same against real servers is in
/// LogAPIIntegrationTests.
@Suite("file sweep", .timeLimit(.minutes(1)))
struct FileSweepTests {
    struct Rig {
        let objects = InMemoryFileObjectStore()
        let store = InMemoryFileStore()
        let publisher = RecordingFileTaskPublisher()
        let intake: FileIntake<InMemoryFileObjectStore, InMemoryFileStore, RecordingFileTaskPublisher>
        let sweep: FileSweep<InMemoryFileObjectStore, InMemoryFileStore, RecordingFileTaskPublisher>

        init(
            _ config: FileSweepConfig = FileSweepConfig(
                interval: .seconds(1), requeueAfter: .zero, orphanAfter: .seconds(600))
        ) {
            let logger = Logger(label: "sweep-test")
            intake = FileIntake(
                objects: objects, store: store, publisher: publisher, config: FileUploadConfig(), logger: logger)
            sweep = FileSweep(intake: intake, config: config, logger: logger)
        }

        func storeOnly(_ text: String) async throws -> UUID {
            let id = UUID()
            _ = try await intake.storeObject(
                id: id, body: ChunkSequence(chunks: [ByteBuffer(string: text)]), format: .json)
            return id
        }

        func storeAndRecord(_ text: String, name: String) async throws -> StoredFile {
            let id = UUID()
            let stored = try await intake.storeObject(
                id: id, body: ChunkSequence(chunks: [ByteBuffer(string: text)]), format: .json)
            let outcome = try await intake.record(
                NewFile(
                    id: id, name: name, contentType: "application/json", objectKey: FileObjectKey.of(id),
                    sizeBytes: stored.size, sha256: stored.sha256, forced: false))
            guard case .inserted(let file) = outcome else { throw TestFailure("not inserted") }
            return file
        }
    }

    struct TestFailure: Error {
        let text: String
        init(_ text: String) { self.text = text }
    }

    @Test func aRowWithoutATaskIsPublishedAgainOnceOld() async throws {
        let rig = Rig()
        let file = try await rig.storeAndRecord("[{}]", name: "a.json")  // crash before step 3
        let report = try #require(try await rig.sweep.run())
        #expect(report.republished == 1 && report.failures.isEmpty)
        #expect(rig.publisher.tasks.map(\.fileID) == [file.id])
        #expect(
            rig.publisher.tasks.first
                == FileIntake<InMemoryFileObjectStore, InMemoryFileStore, RecordingFileTaskPublisher>.task(for: file))
    }

    @Test func aYoungQueuedFileIsLeftAlone() async throws {
        let rig = Rig(FileSweepConfig(interval: .seconds(1), requeueAfter: .seconds(60), orphanAfter: .seconds(600)))
        _ = try await rig.storeAndRecord("[{}]", name: "a.json")
        #expect(try await rig.sweep.run()?.republished == 0)
        #expect(rig.publisher.tasks.isEmpty)
    }

    @Test func aBrokerStillDownStopsThePassAndTheNextOneRepublishes() async throws {
        let rig = Rig()
        _ = try await rig.storeAndRecord("[1]", name: "a.json")
        _ = try await rig.storeAndRecord("[2]", name: "b.json")
        rig.publisher.fail(LogPublishError(.unavailable, "down"))
        let failed = try #require(try await rig.sweep.run())
        #expect(failed.republished == 0 && failed.failures.count == 1 && rig.publisher.attempts == 1)
        rig.publisher.fail(nil)
        #expect(try await rig.sweep.run()?.republished == 2)
        #expect(rig.publisher.tasks.count == 2)
    }

    @Test func anObjectWithoutARowIsDeletedOnceOld() async throws {
        let rig = Rig()
        let orphan = try await rig.storeOnly("[{}]")  // crash before step 2
        let recorded = try await rig.storeAndRecord("[{}]", name: "kept.json")
        // Young: left alone (its upload may still be about to write its row).
        #expect(try await rig.sweep.run()?.orphansDeleted == 0)
        #expect(rig.objects.keys.count == 2)
        // Old: deleted; the recorded file's object stays.
        let later = Date().addingTimeInterval(601)
        #expect(try await rig.sweep.run(now: later)?.orphansDeleted == 1)
        #expect(rig.objects.keys == [recorded.objectKey])
        #expect(rig.objects.object(FileObjectKey.of(orphan)) == nil)
    }

    @Test func theListingIsCoveredOverSeveralPasses() async throws {
        let rig = Rig()
        let old = Date().addingTimeInterval(-3600)
        for _ in 0..<9 { rig.objects.put(FileObjectKey.of(UUID()), lastModified: old) }
        rig.objects.put("uploads/not-a-file-id", lastModified: old)
        rig.objects.put("elsewhere/x", lastModified: old)
        let sweep = FileSweep(
            intake: rig.intake, config: FileSweepConfig(requeueAfter: .zero, orphanAfter: .seconds(60)),
            logger: Logger(label: "sweep-test"), maxListingPages: 2)
        var deleted = 0
        for _ in 0..<5 { deleted += try await sweep.run()?.orphansDeleted ?? 0 }
        #expect(deleted == 9)
        #expect(rig.objects.keys == ["elsewhere/x", "uploads/not-a-file-id"])
    }

    @Test func staleMultipartUploadsAreAbortedOncePendingLongEnoughByTheirDateAndBySight() async throws {
        let rig = Rig()
        let now = Date()
        rig.objects.addPending(
            PendingObjectUpload(
                key: FileObjectKey.of(UUID()), uploadID: "old", initiated: now.addingTimeInterval(-3600)))
        // First seen now: an old date alone (moto's are all from 2010) is not enough.
        #expect(try await rig.sweep.run(now: now)?.uploadsAborted == 0)
        rig.objects.addPending(
            PendingObjectUpload(key: FileObjectKey.of(UUID()), uploadID: "new", initiated: now.addingTimeInterval(500)))
        #expect(try await rig.sweep.run(now: now.addingTimeInterval(601))?.uploadsAborted == 1)
        #expect(rig.objects.aborted == ["old"])
        #expect(try await rig.sweep.run(now: now.addingTimeInterval(1202))?.uploadsAborted == 1)
        #expect(rig.objects.aborted == ["old", "new"])
    }

    @Test func anotherReplicaHoldingTheLockSkipsThePass() async throws {
        let rig = Rig()
        _ = try await rig.storeAndRecord("[{}]", name: "a.json")
        rig.store.holdSweepLock(true)
        #expect(try await rig.sweep.run() == nil)
        #expect(rig.publisher.attempts == 0)
        rig.store.holdSweepLock(false)
        #expect(try await rig.sweep.run()?.republished == 1)
    }

    @Test func aDuplicateRecordDeletesTheObjectJustStored() async throws {
        let rig = Rig()
        let first = try await rig.storeAndRecord("[{}]", name: "same.json")
        let id = UUID()
        let stored = try await rig.intake.storeObject(
            id: id, body: ChunkSequence(chunks: [ByteBuffer(string: "[{}]")]), format: .json)
        let outcome = try await rig.intake.record(
            NewFile(
                id: id, name: "same.json", contentType: "application/json", objectKey: FileObjectKey.of(id),
                sizeBytes: stored.size, sha256: stored.sha256, forced: false))
        #expect(outcome == .existing(first))
        #expect(rig.objects.keys == [first.objectKey])
    }
}
