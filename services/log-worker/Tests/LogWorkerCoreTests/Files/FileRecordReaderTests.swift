import Contracts
import Foundation
import Testing

@testable import LogWorkerCore

@Suite("log-worker: reading an uploaded file into records", .timeLimit(.minutes(1)))
struct FileRecordReaderTests {
    static let fileID = UUID(uuidString: "0b9e8a5e-8c41-4f0e-9d55-2f3c1a7e6b01")!
    static let uploadedAt = Date(timeIntervalSince1970: 1_795_240_860.5)

    /// Reads `text` in chunks of `chunk` bytes; returns every batch merged, the counts, and the failure.
    static func read(
        _ text: String, chunk: Int = 5, config: FileProcessingConfig = FileProcessingConfig()
    ) -> (batch: FileBatch, progress: FileProgress, failure: JSONRecordSplitter.Failure?, digest: String?) {
        var reader = FileRecordReader(fileID: fileID, receivedAt: uploadedAt, config: config)
        let bytes = Array(text.utf8)
        var merged = FileBatch()
        func take() {
            let batch = reader.takeBatch()
            merged.logs += batch.logs
            merged.places += batch.places
            merged.errors += batch.errors
        }
        for start in stride(from: 0, to: bytes.count, by: chunk) {
            do {
                try bytes[start..<min(start + chunk, bytes.count)].withUnsafeBytes { try reader.read($0) }
            } catch {
                take()
                return (merged, reader.progress, error as? JSONRecordSplitter.Failure, nil)
            }
            take()
        }
        do {
            let digest = try reader.finish()
            take()
            return (merged, reader.progress, nil, digest)
        } catch {
            take()
            return (merged, reader.progress, error, nil)
        }
    }

    @Test func goodRecordsBecomeLogsWithDerivedIDs() throws {
        let text = #"[{"level":"info","message":"a","n":1},{"service":"s","timestamp":"2026-11-21T06:02:13Z"}]"#
        let outcome = Self.read(text)
        #expect(outcome.failure == nil && outcome.batch.errors.isEmpty)
        #expect(outcome.batch.logs.map(\.id) == [0, 1].map { FileRecordID.make(fileID: Self.fileID, index: $0) })
        #expect(outcome.batch.logs.allSatisfy { $0.fileID == Self.fileID && $0.receivedAt == Self.uploadedAt })
        #expect(outcome.batch.logs[0].level == "info" && outcome.batch.logs[0].message == "a")
        #expect(String(decoding: outcome.batch.logs[0].data, as: UTF8.self) == #"{"n":1}"#)
        #expect(outcome.batch.logs[1].timestamp == Date(timeIntervalSince1970: 1_795_240_933))
        #expect(
            outcome.progress
                == FileProgress(
                    bytesProcessed: Int64(text.utf8.count), recordsProcessed: 2, recordsStored: 2, recordsRejected: 0))
        // The SHA-256 of the bytes, in hex.
        #expect(outcome.digest?.count == 64)
    }

    @Test func rejectedRecordsHaveTheReasonsPOSTLogsGives() {
        let ndjson = "{\"message\":\"ok\"}\n{\"level\":5}\n\n  {\"a\": }\n[1]\n{\"timestamp\":\"yesterday\"}\n"
        let outcome = Self.read(ndjson, chunk: 3)
        #expect(outcome.failure == nil)
        #expect(outcome.batch.logs.count == 1)
        #expect(
            outcome.batch.errors == [
                FileRecordError(
                    place: FileRecordPlace(index: 1, line: 2, column: 1),
                    reason: "line 2: field 'level' expected a string, found a number"),
                FileRecordError(
                    place: FileRecordPlace(index: 2, line: 4, column: 3),
                    reason: "invalid JSON at line 4, column 9: expected a value, found '}'"),
                FileRecordError(
                    place: FileRecordPlace(index: 3, line: 5, column: 1),
                    reason: "line 5 must be a JSON object, found an array"),
                FileRecordError(
                    place: FileRecordPlace(index: 4, line: 6, column: 1),
                    reason: "line 6: field 'timestamp' expected an ISO 8601 date-time, found \"yesterday\""),
            ])
        #expect(outcome.progress.recordsProcessed == 5 && outcome.progress.recordsStored == 1)
        #expect(outcome.progress.recordsRejected == 4)

        let array = Self.read("[{\"message\":\"ok\"},\n 7, {\"service\":[]}]")
        #expect(
            array.batch.errors.map(\.reason) == [
                "record at index 1 must be a JSON object, found a number",
                "record at index 2: field 'service' expected a string, found an array",
            ])
        #expect(
            array.batch.errors.map(\.place) == [
                FileRecordPlace(index: 1, line: 2, column: 2), FileRecordPlace(index: 2, line: 2, column: 5),
            ])
    }

    @Test func errorRowsAreCappedButCountedAll() {
        let text = (0..<30).map { _ in "{\"level\":1}" }.joined(separator: "\n")
        let outcome = Self.read(text, config: FileProcessingConfig(maxErrors: 7))
        #expect(outcome.batch.errors.count == 7 && outcome.progress.recordsRejected == 30)
        #expect(outcome.batch.errors.map(\.place.index) == Array(0..<7))
    }

    @Test func anOversizedRecordIsRejected() {
        let long = "{\"message\":\"" + String(repeating: "x", count: 2_000) + "\"}"
        let outcome = Self.read(
            "{\"a\":1}\n" + long + "\n{\"b\":2}", chunk: 100, config: FileProcessingConfig(maxRecordBytes: 1_024))
        #expect(outcome.batch.logs.count == 2)
        #expect(
            outcome.batch.errors == [
                FileRecordError(
                    place: FileRecordPlace(index: 1, line: 2, column: 1),
                    reason: "line 2: the record is 2014 bytes, more than the 1024 a record may have")
            ])
    }

    @Test func aFileThatIsNotJSONFailsWithItsPlace() {
        let outcome = Self.read("\n\n   <html>")
        #expect(outcome.failure?.position == JSONTextPosition(line: 3, column: 4))
        #expect(outcome.failure?.message == "expected a JSON array ('[') or NDJSON objects ('{'), found '<'")
    }

    @Test func batchesAreBoundedByCountAndBytes() {
        var reader = FileRecordReader(
            fileID: Self.fileID, receivedAt: Self.uploadedAt, config: FileProcessingConfig(batchSize: 3))
        let bytes = Array(((0..<10).map { "{\"n\":\($0)}" }.joined(separator: "\n") + "\n").utf8)
        var sizes: [Int] = []
        for byte in bytes {
            try? [byte].withUnsafeBytes { try reader.read($0) }
            if reader.isBatchFull { sizes.append(reader.takeBatch().logs.count) }
        }
        #expect(sizes == [3, 3, 3])
    }
}
