import Contracts
import Foundation
import Hummingbird
import TestInfra
import Testing

@testable import LogAPICore

/// `POST /files` end to end on real servers (PostgreSQL with log-worker's schema, RabbitMQ, S3 with
/// signatures checked): what each upload leaves in S3, in `files` and in the queue.
@Suite("file uploads with real servers", .timeLimit(.minutes(5)))
struct FileUploadTests {
    static let records = Array(#"[{"level":"info","message":"one"},{"level":"error","message":"two"}]"#.utf8)

    @Test func multipartAndRawUploadsAreStoredRecordedAndQueued() async throws {
        try await FilesTestbed.with { testbed in
            let form = try await testbed.upload(Self.records, filename: "two.json")
            #expect(form.status == .accepted, "\(form.json)")
            let formID = try #require(form.json["id"] as? String)
            let ndjson = Array("{\"message\":\"a\"}\n{\"message\":\"b\"}\n".utf8)
            let raw = try await testbed.post(
                "/files?name=events.ndjson", body: ndjson, contentType: "application/x-ndjson")
            #expect(raw.status == .accepted, "\(raw.json)")
            let rawID = try #require(raw.json["id"] as? String)

            #expect(try await testbed.download("uploads/\(formID)") == Self.records)
            #expect(try await testbed.download("uploads/\(rawID)") == ndjson)
            let formRow = try #require(try await testbed.store.file(id: UUID(uuidString: formID)!))
            #expect(formRow.status == .queued && formRow.name == "two.json")
            #expect(
                formRow.sha256 == FilesTestbed.sha256(Self.records) && formRow.sizeBytes == Int64(Self.records.count))
            let rawRow = try #require(try await testbed.store.file(id: UUID(uuidString: rawID)!))
            #expect(rawRow.contentType == "application/x-ndjson" && rawRow.sha256 == FilesTestbed.sha256(ndjson))

            let tasks = try await testbed.queue.takeAll()
            #expect(tasks.map(\.amqpMessageID) == [formID, rawID])
            #expect(tasks.map(\.type) == ["file.task", "file.task"])
            let task = try #require(tasks.first?.envelope.payload)
            #expect(task.objectKey == "uploads/\(formID)" && task.fileName == "two.json")
            #expect(task.sha256 == formRow.sha256 && task.sizeBytes == formRow.sizeBytes)

            let status = try await testbed.get("/files/\(formID)")
            #expect(status.status == .ok)
            #expect(status.json["status"] as? String == "queued" && status.json["file_id"] as? String == formID)
        }
    }

    @Test func aFileOverTheLimitLeavesNoObjectNoPartsNoRowNoTask() async throws {
        // 12 MiB allowed; S3 parts of 8 MiB: the refused file has one part uploaded when it is refused.
        try await FilesTestbed.with(overrides: ["FILE_MAX_BYTES": "\(12 << 20)"]) { testbed in
            let tooLarge = try await testbed.upload(FilesTestbed.content((12 << 20) + 300_000))
            #expect(tooLarge.status == .contentTooLarge, "\(tooLarge.json)")
            let announced = try await testbed.post(
                "/files?name=big.json", body: FilesTestbed.content((12 << 20) + 1), contentType: "application/json")
            #expect(announced.status == .contentTooLarge)
            #expect(try await testbed.objectKeys().isEmpty)
            #expect(try await testbed.pendingUploads().isEmpty)
            #expect(try await testbed.rowCount() == 0)
            #expect(try await testbed.queue.queuedCount() == 0)

            // Within the limit, in two parts, byte for byte.
            let fits = FilesTestbed.content(10 << 20, seed: 1)
            let accepted = try await testbed.upload(fits, filename: "ten.ndjson")
            #expect(accepted.status == .accepted, "\(accepted.json)")
            let id = try #require(accepted.json["id"] as? String)
            #expect(try await testbed.download("uploads/\(id)") == fits)
            #expect(try await testbed.store.file(id: UUID(uuidString: id)!)?.sha256 == FilesTestbed.sha256(fits))
        }
    }

    @Test func theSameBytesAreTheSameFileUnlessForcedAlsoWhenUploadedAtOnce() async throws {
        try await FilesTestbed.with { testbed in
            let content = FilesTestbed.content(50_000, seed: 2)
            let answers = try await withThrowingTaskGroup(of: (HTTPResponse.Status, String?).self) { group in
                for _ in 0..<8 {
                    group.addTask {
                        let answer = try await testbed.upload(content, filename: "same.ndjson")
                        return (answer.status, answer.json["id"] as? String)
                    }
                }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            let ids = Set(answers.compactMap(\.1))
            #expect(ids.count == 1, "\(answers)")
            #expect(answers.filter { $0.0 == .accepted }.count == 1)
            #expect(answers.filter { $0.0 == .ok }.count == 7)
            #expect(try await testbed.rowCount() == 1)
            #expect(try await testbed.objectKeys() == ["uploads/\(ids.first!)"])
            #expect(try await testbed.queue.queuedCount() == 1)

            let again = try await testbed.upload(content, filename: "same.ndjson")
            #expect(again.status == .ok && again.json["id"] as? String == ids.first)
            #expect(again.json["duplicate"] as? Bool == true)
            let forced = try await testbed.upload(content, filename: "same.ndjson", query: "?force=true")
            #expect(forced.status == .accepted)
            #expect(forced.json["id"] as? String != ids.first)
            #expect(try await testbed.rowCount() == 2)
            #expect(try await testbed.objectKeys().count == 2)
        }
    }

    @Test func readsPagesAndDeletesWithAndWithoutRecords() async throws {
        try await FilesTestbed.with { testbed in
            var ids: [String] = []
            for number in 0..<3 {
                let answer = try await testbed.upload(
                    FilesTestbed.content(1000, seed: number), filename: "f\(number).json")
                ids.append(try #require(answer.json["id"] as? String))
            }
            let rejected = (0..<15).map {
                FileRecordError(recordIndex: Int64($0 * 2), line: $0 * 2 + 1, column: 1, reason: "not an object")
            }
            try await FileDatabase.process(
                UUID(uuidString: ids[0])!, status: "completed_with_errors", stored: 40, rejected: rejected,
                client: testbed.database)
            try await FileDatabase.process(
                UUID(uuidString: ids[1])!, status: "completed", stored: 25, rejected: [], client: testbed.database)

            let file = try await testbed.get("/files/\(ids[0])")
            #expect(file.json["records_stored"] as? Int == 40 && file.json["records_rejected"] as? Int == 15)
            #expect((file.json["first_errors"] as? [Any])?.count == 10)
            var indexes: [Int] = []
            var cursor: String?
            repeat {
                let page = try await testbed.get(
                    "/files/\(ids[0])/errors?limit=4" + (cursor.map { "&cursor=\($0)" } ?? ""))
                indexes += (page.json["errors"] as? [[String: Any]] ?? []).compactMap { $0["record_index"] as? Int }
                cursor = page.json["next_cursor"] as? String
            } while cursor != nil && indexes.count < 100
            #expect(indexes == rejected.map { Int($0.recordIndex) })

            let listed = try await testbed.get("/files?limit=2")
            let next = try #require(listed.json["next_cursor"] as? String)
            let rest = try await testbed.get("/files?limit=2&cursor=\(next)")
            let order =
                ((listed.json["files"] as? [[String: Any]] ?? []) + (rest.json["files"] as? [[String: Any]] ?? []))
                .compactMap { $0["file_id"] as? String }
            #expect(order == ids.reversed())
            let completed = try await testbed.get("/files?status=completed")
            #expect((completed.json["files"] as? [[String: Any]])?.compactMap { $0["file_id"] as? String } == [ids[1]])

            let logs = "SELECT count(*) FROM logs"
            let plain = try await testbed.delete("/files/\(ids[1])")
            #expect(plain.status == .ok && plain.json["records_deleted"] as? Int == 0)
            #expect(try await FileDatabase.count(logs, client: testbed.database) == 65)
            let withRecords = try await testbed.delete("/files/\(ids[0])?records=true")
            #expect(withRecords.status == .ok && withRecords.json["records_deleted"] as? Int == 40)
            #expect(try await FileDatabase.count(logs, client: testbed.database) == 25)
            #expect(try await FileDatabase.count("SELECT count(*) FROM file_errors", client: testbed.database) == 0)
            #expect(try await testbed.objectKeys() == ["uploads/\(ids[2])"])
            #expect(try await testbed.get("/files/\(ids[0])").status == .notFound)
        }
    }
}
