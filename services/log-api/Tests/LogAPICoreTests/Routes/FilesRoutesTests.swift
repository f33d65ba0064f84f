import Contracts
import Foundation
import Hummingbird
import HummingbirdTesting
import Logging
import NIOCore
import ServiceKit
import TestInfra
import Testing

@testable import LogAPICore

/// The file routes in process (``buildRouter(publisher:config:readiness:files:filesReadiness:logger:)``)
/// with in-memory fakes of the object store, the file store and the task publisher: what each
/// request leaves in them and what the client is told. Real servers are in LogAPIIntegrationTests.
@Suite("file routes", .timeLimit(.minutes(2)))
struct FilesRoutesTests {
    struct Rig: Sendable {
        let client: any TestClientProtocol
        let objects: InMemoryFileObjectStore
        let store: InMemoryFileStore
        let publisher: RecordingFileTaskPublisher

        func upload(
            _ content: [UInt8], filename: String = "data.json", query: String = "", boundary: String = "XyZ123"
        ) async throws -> TestResponse {
            let body = MultipartBodies.body([MultipartBodies.file(content, filename: filename)], boundary: boundary)
            return try await client.execute(
                uri: "/files" + query, method: .post,
                headers: [.contentType: "multipart/form-data; boundary=\(boundary)"], body: ByteBuffer(bytes: body))
        }

        func uploadRaw(
            _ content: String, query: String, contentType: String = "application/x-ndjson"
        ) async throws
            -> TestResponse
        {
            try await client.execute(
                uri: "/files" + query, method: .post, headers: [.contentType: contentType],
                body: ByteBuffer(string: content))
        }

        func get(_ path: String) async throws -> TestResponse {
            try await client.execute(uri: path, method: .get)
        }
    }

    static func withFiles(
        _ config: FileUploadConfig = FileUploadConfig(), _ test: @Sendable (Rig) async throws -> Void
    ) async throws {
        let objects = InMemoryFileObjectStore()
        let store = InMemoryFileStore()
        let publisher = RecordingFileTaskPublisher()
        let logger = Logger(label: "files-test")
        let intake = FileIntake(objects: objects, store: store, publisher: publisher, config: config, logger: logger)
        let router = buildRouter(
            publisher: RecordingLogPublisher(), config: LogIntakeConfig(), readiness: ReadinessChecker(checks: []),
            files: FilesController(intake: intake, logger: logger), filesReadiness: ReadinessChecker(checks: []),
            logger: logger)
        try await Application(router: router).test(.router) { client in
            try await test(Rig(client: client, objects: objects, store: store, publisher: publisher))
        }
    }

    static let records = Array(#"[{"level":"info","message":"one"},{"level":"error","message":"two"}]"#.utf8)

    @Test func aMultipartUploadIsStoredRecordedAndQueued() async throws {
        try await Self.withFiles { rig in
            let response = try await rig.upload(Self.records, filename: "two.json")
            #expect(response.status == .accepted)
            let answer = try response.object
            let id = try #require(answer["id"] as? String)
            #expect(answer["status"] as? String == "queued")
            #expect(answer["status_url"] as? String == "/files/\(id)")
            #expect(answer["events_url"] as? String == "/files/\(id)/events")
            #expect(answer["duplicate"] as? Bool == false)
            #expect(response.headers[.location] == "/files/\(id)")

            #expect(rig.objects.keys == ["uploads/\(id)"])
            #expect(rig.objects.object("uploads/\(id)")?.bytes == Self.records)
            let row = try #require(rig.store.all.first)
            #expect(row.id.uuidString.lowercased() == id)
            #expect(row.name == "two.json" && row.sizeBytes == Int64(Self.records.count))
            #expect(row.sha256.count == 64 && row.contentType == "application/json" && !row.forced)
            let task = try #require(rig.publisher.tasks.first)
            #expect(rig.publisher.tasks.count == 1)
            #expect(task.fileID == row.id && task.objectKey == "uploads/\(id)" && task.sha256 == row.sha256)
            #expect(task.fileName == "two.json" && task.sizeBytes == row.sizeBytes)
        }
    }

    @Test func aRawNDJSONUploadTakesItsNameFromTheQuery() async throws {
        try await Self.withFiles { rig in
            let response = try await rig.uploadRaw("{\"a\":1}\n{\"a\":2}\n", query: "?name=events.ndjson")
            #expect(response.status == .accepted)
            let row = try #require(rig.store.all.first)
            #expect(row.name == "events.ndjson" && row.contentType == "application/x-ndjson" && row.sizeBytes == 16)
            #expect(rig.publisher.tasks.count == 1)
        }
    }

    @Test func theSameBytesUnderTheSameNameAreTheSameFileUnlessForced() async throws {
        try await Self.withFiles { rig in
            let first = try await rig.upload(Self.records)
            let again = try await rig.upload(Self.records, boundary: "other-boundary")
            #expect(first.status == .accepted)
            #expect(again.status == .ok)
            #expect(try again.object["duplicate"] as? Bool == true)
            #expect(try again.object["id"] as? String == first.object["id"] as? String)
            #expect(rig.store.all.count == 1 && rig.objects.keys.count == 1 && rig.publisher.tasks.count == 1)

            let otherName = try await rig.upload(Self.records, filename: "renamed.json")
            #expect(otherName.status == .accepted)
            let forced = try await rig.upload(Self.records, query: "?force=true")
            #expect(forced.status == .accepted)
            #expect(try forced.object["id"] as? String != first.object["id"] as? String)
            #expect(rig.store.all.count == 3 && rig.objects.keys.count == 3 && rig.publisher.tasks.count == 3)
        }
    }

    @Test func aFileOverTheLimitIs413AndNothingIsKept() async throws {
        try await Self.withFiles(FileUploadConfig(maxBytes: 100)) { rig in
            // The form is within Content-Length's allowance: the count while streaming refuses it.
            let streamed = try await rig.upload(Array(repeating: UInt8(ascii: " "), count: 150))
            #expect(streamed.status == .contentTooLarge)
            #expect(try streamed.object["code"] as? String == "file_too_large")
            // A raw body announces its length: refused before it is read.
            let announced = try await rig.uploadRaw(String(repeating: " ", count: 101), query: "?name=x.json")
            #expect(announced.status == .contentTooLarge)
            #expect(rig.objects.uploadCalls == 1)
            #expect(rig.objects.keys.isEmpty && rig.store.all.isEmpty && rig.publisher.attempts == 0)
            // Exactly the limit is fine.
            let fits = try await rig.upload(Array(repeating: UInt8(ascii: " "), count: 99) + [UInt8(ascii: "x")])
            #expect(fits.status == .accepted)
        }
    }

    /// Requests refused before anything is kept.
    @Test(
        arguments: [
            ("/files", "text/csv", "a,b", 415, "unsupported_media_type", nil),
            ("/files", "application/json", "[]", 400, "bad_request", "name"),
            ("/files?name=", "application/json", "[]", 400, "bad_request", "name"),
            ("/files?name=%2F", "application/json", "[]", 400, "bad_request", "name"),
            ("/files?name=x.json&force=maybe", "application/json", "[]", 400, "bad_request", "force"),
            ("/files?name=x.json&nmae=y", "application/json", "[]", 400, "bad_request", "nmae"),
            ("/files?name=x.json", "application/json", "", 400, "empty_file", nil),
            (
                "/files", "multipart/form-data; boundary=b",
                "--b\r\nContent-Disposition: form-data; name=\"other\"\r\n\r\nx\r\n--b--", 400,
                "missing_file", "file"
            ),
            (
                "/files", "multipart/form-data; boundary=b",
                "--b\r\nContent-Disposition: form-data; name=\"file\"\r\n\r\nx\r\n--b--", 400,
                "bad_request", "name"
            ),
            (
                "/files", "multipart/form-data; boundary=b",
                "--b\r\nContent-Disposition: form-data; name=\"file\"; filename=\"x.json\"\r\n\r\n[{}]", 400,
                "invalid_multipart", nil
            ),
        ] as [(String, String, String, Int, String, String?)])
    func refusals(
        path: String, contentType: String, body: String, status: Int, code: String, field: String?
    )
        async throws
    {
        try await Self.withFiles { rig in
            let response = try await rig.client.execute(
                uri: path, method: .post, headers: [.contentType: contentType], body: ByteBuffer(string: body))
            #expect(Int(response.status.code) == status)
            #expect(try response.object["code"] as? String == code)
            #expect(response.errorAnswer?.field == field)
            #expect(rig.objects.keys.isEmpty && rig.store.all.isEmpty && rig.publisher.attempts == 0)
        }
    }

    @Test func aBrokerThatDoesNotConfirmLeavesTheFileQueuedFor503() async throws {
        try await Self.withFiles { rig in
            rig.publisher.fail(LogPublishError(.unavailable, "down"))
            let response = try await rig.upload(Self.records)
            #expect(response.status == .serviceUnavailable)
            #expect(try response.object["code"] as? String == "queue_unavailable")
            let row = try #require(rig.store.all.first)
            #expect(response.headers[.location] == "/files/\(row.id.uuidString.lowercased())")
            #expect(row.status == .queued && rig.objects.keys == [row.objectKey])
            // The client retries with the same bytes: the same file, no second copy.
            rig.publisher.fail(nil)
            let retry = try await rig.upload(Self.records)
            #expect(retry.status == .ok)
            #expect(try retry.object["id"] as? String == row.id.uuidString.lowercased())
            #expect(rig.store.all.count == 1 && rig.objects.keys.count == 1)
        }
    }

    @Test func storageOrDatabaseDownIs503() async throws {
        try await Self.withFiles { rig in
            rig.objects.failUploads(true)
            let noStorage = try await rig.upload(Self.records)
            #expect(noStorage.status == .serviceUnavailable)
            #expect(try noStorage.object["code"] as? String == "storage_unavailable")
            rig.objects.failUploads(false)
            rig.store.failing(true)
            let noDatabase = try await rig.upload(Self.records)
            #expect(noDatabase.status == .serviceUnavailable)
            #expect(try noDatabase.object["code"] as? String == "database_unavailable")
            // No row, no task; the object waits for the sweeper (the insert might have committed unseen).
            #expect(rig.store.all.isEmpty && rig.publisher.attempts == 0 && rig.objects.keys.count == 1)
            let read = try await rig.get("/files")
            #expect(read.status == .serviceUnavailable)
        }
    }

    @Test func aFileReadsWithTheSnapshotFieldsAndItsFirstErrors() async throws {
        try await Self.withFiles { rig in
            let id = try #require(try await rig.upload(Self.records).object["id"] as? String)
            let uuid = try #require(UUID(uuidString: id))
            rig.store.update(uuid) {
                $0.status = .completedWithErrors
                $0.bytesProcessed = $0.sizeBytes
                $0.recordsProcessed = 12
                $0.recordsStored = 0
                $0.recordsRejected = 12
            }
            rig.store.setErrors(
                uuid,
                (0..<12).map { FileRecordError(recordIndex: Int64($0), line: $0 + 1, column: 3, reason: "bad \($0)") })
            let response = try await rig.get("/files/\(id)")
            #expect(response.status == .ok)
            let file = try response.object
            for member in [
                "file_id", "status", "size_bytes", "bytes_processed", "records_processed", "records_stored",
                "records_rejected", "error", "error_line", "error_column", "name", "sha256", "created_at", "updated_at",
                "started_at", "finished_at", "first_errors",
            ] {
                #expect(file.keys.contains(member), "missing \(member)")
            }
            #expect(file["file_id"] as? String == id)
            #expect(file["status"] as? String == "completed_with_errors")
            #expect(file["records_rejected"] as? Int == 12)
            #expect(file["error"] is NSNull)
            let first = try #require(file["first_errors"] as? [[String: Any]])
            #expect(first.count == 10)
            #expect(first.first?["record_index"] as? Int == 0 && first.first?["line"] as? Int == 1)
            #expect(first.first?["column"] as? Int == 3 && first.first?["reason"] as? String == "bad 0")

            // The rest a page at a time.
            var cursor: String?
            var indexes: [Int] = []
            repeat {
                let page = try await rig.get("/files/\(id)/errors?limit=5" + (cursor.map { "&cursor=\($0)" } ?? ""))
                #expect(page.status == .ok)
                let object = try page.object
                indexes += (object["errors"] as? [[String: Any]] ?? []).compactMap { $0["record_index"] as? Int }
                cursor = object["next_cursor"] as? String
            } while cursor != nil && indexes.count < 100
            #expect(indexes == Array(0..<12))
        }
    }

    /// The status members are the event's: the same names and values as `ContractCoding` writes
    /// for the snapshot a `FileEvent` carries.
    @Test func theStatusMembersAreTheFileEventSnapshots() async throws {
        try await Self.withFiles { rig in
            let id = try #require(try await rig.upload(Self.records).object["id"] as? String)
            let uuid = try #require(UUID(uuidString: id))
            rig.store.update(uuid) {
                $0.status = .failed
                $0.error = "not JSON"
                $0.errorLine = 3
                $0.errorColumn = 7
            }
            let row = try #require(rig.store.all.first)
            let event = try JSONSerialization.jsonObject(with: ContractCoding.encode(row.snapshot)) as? [String: Any]
            let answer = try await rig.get("/files/\(id)").object
            for (key, value) in try #require(event) {
                #expect("\(answer[key] ?? "absent")" == "\(value)", "\(key)")
            }
        }
    }

    @Test func unknownAndBadIds() async throws {
        try await Self.withFiles { rig in
            let unknown = UUID().uuidString.lowercased()
            for path in ["/files/\(unknown)", "/files/\(unknown)/errors"] {
                let response = try await rig.get(path)
                #expect(response.status == .notFound)
                #expect(response.errorAnswer?.message == "no file with id \(unknown)")
            }
            let deleted = try await rig.client.execute(uri: "/files/\(unknown)", method: .delete)
            #expect(deleted.status == .notFound)
            for path in ["/files/not-a-uuid", "/files/not-a-uuid/errors"] {
                let response = try await rig.get(path)
                #expect(response.status == .badRequest)
                #expect(response.errorAnswer?.field == "id")
            }
            for query in ["limit=0", "limit=1001", "limit=x", "cursor=abc", "status=done", "colour=red"] {
                let response = try await rig.get("/files?\(query)")
                #expect(response.status == .badRequest, "\(query)")
            }
            let badErrorCursor = try await rig.get("/files/\(unknown)/errors?cursor=zzz")
            #expect(badErrorCursor.status == .badRequest)
        }
    }

    @Test func theListPagesNewestFirstAndFiltersByStatus() async throws {
        try await Self.withFiles { rig in
            var ids: [String] = []
            for number in 0..<7 {
                let id = try #require(
                    try await rig.upload(Self.records, filename: "f\(number).json").object["id"] as? String)
                ids.append(id)
            }
            rig.store.update(UUID(uuidString: ids[2])!) { $0.status = .failed }
            var seen: [String] = []
            var cursor: String?
            repeat {
                let page = try await rig.get("/files?limit=3" + (cursor.map { "&cursor=\($0)" } ?? ""))
                let object = try page.object
                seen += (object["files"] as? [[String: Any]] ?? []).compactMap { $0["file_id"] as? String }
                cursor = object["next_cursor"] as? String
            } while cursor != nil && seen.count < 100
            #expect(seen == ids.reversed())
            let failed = try await rig.get("/files?status=failed").object["files"] as? [[String: Any]]
            #expect(failed?.compactMap { $0["file_id"] as? String } == [ids[2]])
        }
    }

    @Test func deleteRemovesTheRowAndTheObjectAndOnRequestTheRecords() async throws {
        try await Self.withFiles { rig in
            let keep = try #require(try await rig.upload(Self.records, filename: "keep.json").object["id"] as? String)
            let drop = try #require(try await rig.upload(Self.records, filename: "drop.json").object["id"] as? String)
            rig.store.setRecords(UUID(uuidString: keep)!, count: 2)
            rig.store.setRecords(UUID(uuidString: drop)!, count: 2)

            let plain = try await rig.client.execute(uri: "/files/\(keep)", method: .delete)
            #expect(plain.status == .ok)
            #expect(try plain.object["records_deleted"] as? Int == 0)
            let withRecords = try await rig.client.execute(uri: "/files/\(drop)?records=true", method: .delete)
            #expect(try withRecords.object["records_deleted"] as? Int == 2)
            #expect(rig.store.all.isEmpty && rig.objects.keys.isEmpty)
            #expect(try await rig.get("/files/\(keep)").status == .notFound)
        }
    }

    @Test func deletingTheRecordsOfAFileBeingProcessedWaitsUntilItIsFinal() async throws {
        try await Self.withFiles { rig in
            let id = try #require(try await rig.upload(Self.records).object["id"] as? String)
            rig.store.update(UUID(uuidString: id)!) { $0.status = .processing }
            let refused = try await rig.client.execute(uri: "/files/\(id)?records=true", method: .delete)
            #expect(refused.status == .conflict)
            #expect(try refused.object["code"] as? String == "file_processing")
            #expect(rig.store.all.count == 1 && rig.objects.keys.count == 1)
            let plain = try await rig.client.execute(uri: "/files/\(id)", method: .delete)
            #expect(plain.status == .ok)
            #expect(rig.store.all.isEmpty && rig.objects.keys.isEmpty)
        }
    }
}
