import Contracts
import Foundation
import NIOCore
import PostgresNIO
import RabbitMQ
import RabbitMQTestSupport
import Redis
import ServiceKit
import TestInfra
import Testing

@testable import LogWorkerCore

/// Uploaded files processed by log-worker in process, against real RabbitMQ, PostgreSQL, Redis and S3.
@Suite("log-worker: processing uploaded files", .timeLimit(.minutes(5)))
struct FileProcessingTests {
    static func ndjson(_ count: Int, from first: Int = 0) -> String {
        (first..<first + count).map { #"{"level":"info","message":"record \#($0)","n":\#($0)}"# }
            .joined(separator: "\n") + "\n"
    }

    static func array(_ count: Int) -> String {
        "[\n"
            + (0..<count).map { #"  {"service":"files","message":"record \#($0)","n":\#($0)}"# }
            .joined(separator: ",\n") + "\n]\n"
    }

    /// The events of `channel`, decoded, as they arrive.
    static func subscribe(_ channel: String) async throws -> RedisSubscription {
        let servers = try await TestServers.shared()
        return try await RedisSubscriber(configuration: RedisClientConfiguration(endpoint: try servers.redis.endpoint))
            .subscribe(to: [channel])
    }

    /// Events of the subscription until one for `file` is final (at most `timeout`).
    static func events(
        of file: UUID, in subscription: RedisSubscription, timeout: Duration = .seconds(60)
    ) async throws -> [FileEvent] {
        try await withThrowingTaskGroup(of: [FileEvent]?.self) { group in
            group.addTask {
                var events: [FileEvent] = []
                for await message in subscription {
                    let event = try ContractCoding.decode(
                        Envelope<FileEvent>.self, from: Data(message.payload.readableBytesView)
                    ).payload
                    guard event.fileID == file else { continue }
                    events.append(event)
                    if event.status.isFinal { return events }
                }
                return events
            }
            group.addTask {
                try await Task.sleep(for: timeout)
                return nil
            }
            defer { group.cancelAll() }
            guard let events = try await group.next() ?? nil else {
                throw NoFinalEvent(file: file, timeout: timeout)
            }
            return events
        }
    }

    struct NoFinalEvent: Error {
        let file: UUID
        let timeout: Duration
    }

    @Test(arguments: ["ndjson", "array"])
    func aGoodFileIsStoredWholeAndAnnouncedInOrder(form: String) async throws {
        let count = 2_500
        let text = form == "ndjson" ? Self.ndjson(count) : Self.array(count)
        try await withFileWorker(overrides: ["FILE_BATCH_SIZE": "300", "FILE_PROGRESS_INTERVAL_MS": "10"]) { worker in
            let subscription = try await Self.subscribe(worker.channel)
            let task = try await worker.upload(Array(text.utf8))
            let events = try await Self.events(of: task.fileID, in: subscription)
            subscription.finish()
            let row = try await worker.finalFile(task.fileID)
            #expect(
                row
                    == FileRow(
                        status: "completed", bytesProcessed: Int64(text.utf8.count), recordsProcessed: Int64(count),
                        recordsStored: Int64(count), recordsRejected: 0, error: nil, errorLine: nil, errorColumn: nil,
                        attempts: 1, finished: true))
            let stored = try await worker.logIDs(of: task.fileID)
            #expect(stored.rows == count)
            #expect(stored.ids == Set((0..<count).map { FileRecordID.make(fileID: task.fileID, index: $0) }))
            // processing first, then progress that never goes back, then the final snapshot.
            #expect(events.first?.status == .processing && events.last?.status == .completed)
            #expect(events.count >= 3, "\(events.count) events")
            let progress = events.map(\.snapshot.recordsProcessed)
            #expect(progress == progress.sorted(), "\(progress)")
            #expect(events.map(\.occurredAt) == events.map(\.occurredAt).sorted())
            #expect(events.last?.snapshot.recordsStored == Int64(count))
            #expect(events.last?.snapshot.sizeBytes == Int64(text.utf8.count))
            // One stored record, column by column.
            let rows = try await worker.postgres.query(
                """
                SELECT message, data::text, received_at = to_timestamp(1795240860.123) FROM logs
                WHERE id = \(FileRecordID.make(fileID: task.fileID, index: 7))
                """)
            for try await (message, data, receivedAt) in rows.decode((String, String, Bool).self) {
                #expect(message == "record 7" && data == #"{"n": 7}"# && receivedAt)
            }
        }
    }

    @Test func aBrokenRecordInTheMiddleIsRejectedAtItsPlace() async throws {
        let text =
            Self.ndjson(500) + "{\"level\": 3, \"message\":\"bad\"}\n  {\"message\": }\n" + Self.ndjson(499, from: 502)
        try await withFileWorker { worker in
            let task = try await worker.upload(Array(text.utf8))
            let row = try await worker.finalFile(task.fileID)
            #expect(row.status == "completed_with_errors")
            #expect(row.recordsProcessed == 1_001 && row.recordsStored == 999 && row.recordsRejected == 2)
            #expect(
                try await worker.errors(of: task.fileID) == [
                    FileRecordError(
                        place: FileRecordPlace(index: 500, line: 501, column: 1),
                        reason: "line 501: field 'level' expected a string, found a number"),
                    FileRecordError(
                        place: FileRecordPlace(index: 501, line: 502, column: 3),
                        reason: "invalid JSON at line 502, column 15: expected a value, found '}'"),
                ])
            let stored = try await worker.logIDs(of: task.fileID)
            #expect(stored.rows == 999)
            #expect(
                stored.ids
                    == Set(
                        (0..<1_001).filter { $0 != 500 && $0 != 501 }.map {
                            FileRecordID.make(fileID: task.fileID, index: $0)
                        }))
        }
    }

    /// Batches commit while the next is read: a batch PostgreSQL refuses (jsonb cannot hold `\u0000`) is
    /// settled before the next one starts, so the refused record is rejected, every other record of the file is
    /// stored once, and the counts in `files` stay exact.
    @Test func aRecordPostgreSQLRefusesIsRejectedAndTheFileStillCompletes() async throws {
        let refused = #"{"message":"refused","bad":"a\u0000b"}"#
        let text = Self.ndjson(450) + refused + "\n" + Self.ndjson(549, from: 451)
        try await withFileWorker(overrides: ["FILE_BATCH_SIZE": "100", "FILE_PROGRESS_INTERVAL_MS": "10"]) { worker in
            let task = try await worker.upload(Array(text.utf8))
            let row = try await worker.finalFile(task.fileID)
            #expect(row.status == "completed_with_errors")
            #expect(row.recordsProcessed == 1_000 && row.recordsStored == 999 && row.recordsRejected == 1)
            let errors = try await worker.errors(of: task.fileID)
            #expect(errors.map(\.place) == [FileRecordPlace(index: 450, line: 451, column: 1)])
            #expect(
                errors.first?.reason.hasPrefix("line 451: PostgreSQL refused it") == true,
                "\(errors.first?.reason ?? "no error row")")
            let stored = try await worker.logIDs(of: task.fileID)
            #expect(stored.rows == 999)
            #expect(
                stored.ids
                    == Set((0..<1_000).filter { $0 != 450 }.map { FileRecordID.make(fileID: task.fileID, index: $0) }))
        }
    }

    @Test func aFileThatIsNotJSONFailsWithThePosition() async throws {
        try await withFileWorker { worker in
            let task = try await worker.upload(Array("\n  <html><body>not logs</body></html>".utf8))
            let row = try await worker.finalFile(task.fileID)
            #expect(row.status == "failed" && row.recordsProcessed == 0)
            #expect(row.error == "expected a JSON array ('[') or NDJSON objects ('{'), found '<'")
            #expect(row.errorLine == 2 && row.errorColumn == 3)
            // An array cut short: what came before the cut is stored, the failure is at the end.
            let cut = try await worker.upload(Array("[{\"n\":1},\n{\"n\":2},\n{\"n\":".utf8))
            let cutRow = try await worker.finalFile(cut.fileID)
            #expect(cutRow.status == "failed" && cutRow.recordsStored == 2)
            #expect(cutRow.errorLine == 3 && cutRow.errorColumn == 6)
        }
    }

    @Test func processingTheSameTaskAgainStoresNothingTwice() async throws {
        let text = Self.ndjson(1_200) + "[\"not an object\"]\n"
        try await withFileWorker { worker in
            let task = try await worker.upload(Array(text.utf8))
            let first = try await worker.finalFile(task.fileID)
            // The same task again (a sweeper's republish): the file is final, nothing happens.
            try await worker.publish(task)
            // The file taken back to `queued` (as if the first run had died before its final commit): a second
            // attempt from the start, over records already stored.
            try await worker.postgres.query(
                "UPDATE files SET status = 'queued', finished_at = NULL WHERE id = \(task.fileID)")
            try await worker.publish(task)
            let second = try await pollUntil("a second attempt", timeout: .seconds(60)) { () -> FileRow? in
                guard let row = try await worker.file(task.fileID), row.finished, row.attempts == 2 else { return nil }
                return row
            }
            var expected = first
            expected.attempts = 2
            #expect(second == expected)
            #expect(second.recordsStored == 1_200 && second.recordsRejected == 1)
            let stored = try await worker.logIDs(of: task.fileID)
            #expect(stored.rows == 1_200 && stored.ids.count == 1_200)
            #expect(try await worker.errors(of: task.fileID).count == 1)
        }
    }

    @Test func aDeletedFileIsSkippedAndAMissingObjectFails() async throws {
        try await withFileWorker { worker in
            let deleted = try await worker.upload(Array(Self.ndjson(3).utf8), publish: false)
            try await worker.postgres.query("DELETE FROM files WHERE id = \(deleted.fileID)")
            try await worker.publish(deleted)
            let bytes = Array(Self.ndjson(3).utf8)
            let missing = try await worker.upload(bytes, publish: false)
            try await worker.publish(
                FileTask(
                    fileID: missing.fileID, objectKey: "uploads/none", fileName: missing.fileName,
                    contentType: missing.contentType, sizeBytes: missing.sizeBytes, sha256: missing.sha256,
                    uploadedAt: missing.uploadedAt))
            let row = try await worker.finalFile(missing.fileID)
            #expect(row.status == "failed" && row.error == "the uploaded object 'uploads/none' does not exist")
            #expect(try await worker.logIDs(of: deleted.fileID).rows == 0)
            _ = try await pollUntil("an empty queue") {
                try await worker.rabbit.queueState(worker.queue).messageCount == 0 ? true : nil
            }
        }
    }

    @Test func bytesThatAreNotTheUploadFailTheFile() async throws {
        try await withFileWorker { worker in
            let task = try await worker.upload(Array(Self.ndjson(10).utf8))
            _ = try await worker.finalFile(task.fileID)
            let other = try await worker.upload(Array(Self.ndjson(10, from: 100).utf8), publish: false)
            // The object replaced behind the worker's back: same size, other bytes.
            try await worker.put(Array(Self.ndjson(10, from: 200).utf8), key: other.objectKey)
            try await worker.publish(other)
            let row = try await worker.finalFile(other.fileID)
            #expect(row.status == "failed")
            #expect(row.error?.hasPrefix("the uploaded object is not what was uploaded") == true, "\(row)")
        }
    }

    @Test func aTaskThatIsNotAFileTaskIsDeadLettered() async throws {
        try await withFileWorker { worker in
            try await worker.rabbit.publish([
                RabbitMQOutgoingMessage(
                    exchange: worker.exchange, routingKey: worker.queue, messageID: "poison", body: Array("{}".utf8))
            ])
            let dead = try await worker.rabbit.deadLetters(of: worker.queue, count: 1)
            let reason = dead.first?.properties.headers["x-death-reason"]?.stringValue ?? ""
            #expect(reason.hasPrefix("missing required field"), "\(reason)")
        }
    }

    @Test func redisDownNeverChangesTheStatus() async throws {
        let closedPort = try FreePort.next()
        try await withFileWorker(overrides: ["REDIS_URL": "redis://127.0.0.1:\(closedPort)", "FILE_BATCH_SIZE": "100"])
        {
            worker in
            let text = Self.ndjson(3_000) + "7\n"
            let task = try await worker.upload(Array(text.utf8))
            let row = try await worker.finalFile(task.fileID)
            #expect(row.status == "completed_with_errors" && row.recordsStored == 3_000 && row.recordsRejected == 1)
            #expect(try await worker.logIDs(of: task.fileID).rows == 3_000)
        }
    }
}
