import Foundation
import ObjectStore
import Testing

@Suite("Files uploaded from disk", .timeLimit(.minutes(5)))
struct FileUploadTests {
    @Test func aFiftyMegabyteFileGoesUpInPartsAndComesBackWhole() async throws {
        try await withBucket { client, bucket in
            let bytes = patternBytes(50 * 1024 * 1024 + 123, seed: 7)
            let path = FileManager.default.temporaryDirectory.appendingPathComponent("upload-\(UUID()).bin").path
            try Data(bytes).write(to: URL(fileURLWithPath: path))
            defer { try? FileManager.default.removeItem(atPath: path) }
            let result = try await client.uploadFile(atPath: path, bucket: bucket, key: "big/file.bin")
            #expect(result.partCount == 7)  // 8 MiB parts
            #expect(result.size == bytes.count)
            #expect(result.sha256 == sha256Hex(bytes))
            #expect(try await client.headObject(bucket: bucket, key: "big/file.bin").contentLength == bytes.count)
            let stored = try await download(client, bucket, "big/file.bin")
            #expect(stored == bytes)
            #expect(try await client.listMultipartUploads(bucket: bucket).isEmpty)
        }
    }

    @Test func aSmallFileIsOnePut() async throws {
        try await withBucket { client, bucket in
            let path = FileManager.default.temporaryDirectory.appendingPathComponent("upload-\(UUID()).txt").path
            try Data("hello\n".utf8).write(to: URL(fileURLWithPath: path))
            defer { try? FileManager.default.removeItem(atPath: path) }
            let result = try await client.uploadFile(
                atPath: path, bucket: bucket, key: "small.txt", contentType: "text/plain")
            #expect(result.partCount == 1 && result.size == 6)
            #expect(try await download(client, bucket, "small.txt") == Array("hello\n".utf8))
        }
    }

    @Test func aMissingFileNamesItself() async throws {
        try await withBucket { client, bucket in
            let error = await #expect(throws: ObjectStoreError.self) {
                _ = try await client.uploadFile(atPath: "/nonexistent/file.csv", bucket: bucket, key: "x")
            }
            #expect(error?.kind == .invalidInput)
            #expect(error?.message.contains("/nonexistent/file.csv") == true)
        }
    }
}
