import Crypto
import NIOCore
import ObjectStore
import TestInfra
import Testing

@Suite("Streaming uploads: one PUT or multipart, aborted on failure", .timeLimit(.minutes(5)))
struct StreamingUploadTests {
    static let fiveMiB = 5 * 1024 * 1024

    @Test func twentyMegabytesWithFiveMiBPartsGoMultipartAndComeBackIdentical() async throws {
        try await withBucket { client, bucket in
            let bytes = patternBytes(20_000_000, seed: 3)
            let stored = try await client.upload(
                chunked(bytes), bucket: bucket, key: "big/twenty.bin", contentType: "application/octet-stream",
                partSize: Self.fiveMiB)
            #expect(stored.partCount == 4)  // 3 × 5 MiB + 4,271,360 bytes
            #expect(stored.size == 20_000_000)
            #expect(stored.sha256 == sha256Hex(bytes))
            #expect(stored.etag.hasSuffix("-4"), "a multipart entity tag")

            let info = try await client.headObject(bucket: bucket, key: "big/twenty.bin")
            #expect(info.contentLength == 20_000_000)
            #expect(info.etag == stored.etag)
            #expect(info.contentType == "application/octet-stream")

            // Downloaded chunk by chunk and hashed on the way, never whole in memory.
            let object = try await client.getObject(bucket: bucket, key: "big/twenty.bin")
            var hasher = SHA256()
            var received = 0
            var chunks = 0
            for try await chunk in object.body {
                chunk.withUnsafeReadableBytes { hasher.update(bufferPointer: $0) }
                received += chunk.readableBytes
                chunks += 1
            }
            #expect(chunks > 1, "the body streams in pieces")
            #expect(received == bytes.count)
            #expect(hex(hasher.finalize()) == stored.sha256, "the same bytes came back")
            // And a range across the first part boundary, byte for byte.
            let boundary = Self.fiveMiB
            let across = try await download(
                client, bucket, "big/twenty.bin", range: .bytes(boundary - 100...boundary + 99))
            #expect(across == Array(bytes[boundary - 100...boundary + 99]))
            #expect(try await client.listMultipartUploads(bucket: bucket).isEmpty)
        }
    }

    @Test func aStreamThatFitsOnePartIsOnePut() async throws {
        try await withBucket { client, bucket in
            let bytes = patternBytes(Self.fiveMiB)  // exactly one part
            let stored = try await client.upload(chunked(bytes), bucket: bucket, key: "one", partSize: Self.fiveMiB)
            #expect(stored.partCount == 1)
            #expect(!stored.etag.contains("-"))
            #expect(stored.sha256 == sha256Hex(bytes))
            #expect(try await download(client, bucket, "one") == bytes)

            let empty = try await client.upload(chunked([]), bucket: bucket, key: "empty")
            #expect(empty.size == 0 && empty.partCount == 1)
            #expect(try await client.headObject(bucket: bucket, key: "empty").contentLength == 0)
        }
    }

    struct ClientDisconnected: Error {}

    @Test func aStreamThatThrowsMidwayLeavesNoObjectAndNoUpload() async throws {
        try await withBucket { client, bucket in
            let failing = AsyncThrowingStream<ByteBuffer, any Error> { continuation in
                for chunk in 0..<12 { continuation.yield(ByteBuffer(bytes: patternBytes(1 << 20, seed: chunk))) }
                continuation.finish(throwing: ClientDisconnected())
            }
            await #expect(throws: ClientDisconnected.self) {
                _ = try await client.upload(failing, bucket: bucket, key: "broken", partSize: Self.fiveMiB)
            }
            let head = await #expect(throws: ObjectStoreError.self) {
                _ = try await client.headObject(bucket: bucket, key: "broken")
            }
            #expect(head?.kind == .notFound)
            let pending = try await client.listMultipartUploads(bucket: bucket)
            #expect(pending.isEmpty, "aborted, not left behind")
        }
    }

    @Test func cancellingAnUploadAbortsItsMultipartUpload() async throws {
        try await withBucket { client, bucket in
            // Six MiB, then nothing more until cancelled: the first part goes up and the upload waits.
            let (stalled, continuation) = AsyncStream<ByteBuffer>.makeStream()
            continuation.yield(ByteBuffer(bytes: patternBytes(6 << 20)))
            let upload = Task {
                try await client.upload(stalled, bucket: bucket, key: "stalled", partSize: Self.fiveMiB)
            }
            let started = try await pollUntil(
                "a multipart upload is under way", timeout: .seconds(60), every: .milliseconds(50)
            ) {
                try await client.listMultipartUploads(bucket: bucket).first
            }
            #expect(started.key == "stalled")
            upload.cancel()
            continuation.finish()  // AsyncStream does not end on cancellation of its reader by itself
            await #expect(throws: CancellationError.self) { _ = try await upload.value }
            let pending = try await client.listMultipartUploads(bucket: bucket)
            #expect(pending.isEmpty, "aborted before upload threw")
            await #expect(throws: ObjectStoreError.self) {
                _ = try await client.headObject(bucket: bucket, key: "stalled")
            }
        }
    }
}
