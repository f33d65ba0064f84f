import NIOCore
import ObjectStore
import Testing

@Suite("Objects put, read, listed and deleted on S3 (moto, signatures checked)", .timeLimit(.minutes(5)))
struct ObjectRoundTripTests {
    @Test func putGetHeadDeleteRoundTrip() async throws {
        try await withBucket { client, bucket in
            let bytes = patternBytes(10_000)
            let stored = try await client.putObject(
                ByteBuffer(bytes: bytes), bucket: bucket, key: "reports/r1.csv", contentType: "text/csv")
            #expect(stored.size == 10_000)
            #expect(stored.sha256 == sha256Hex(bytes))
            #expect(stored.partCount == 1)

            let info = try await client.headObject(bucket: bucket, key: "reports/r1.csv")
            #expect(info.contentLength == 10_000)
            #expect(info.etag == stored.etag)
            #expect(info.contentType == "text/csv")
            #expect(info.lastModified != nil)

            let object = try await client.getObject(bucket: bucket, key: "reports/r1.csv")
            #expect(object.info.etag == stored.etag)
            #expect(object.contentRange == nil)
            #expect(Array(try await object.body.collect(upTo: 1 << 20).readableBytesView) == bytes)

            try await client.deleteObject(bucket: bucket, key: "reports/r1.csv")
            let gone = await #expect(throws: ObjectStoreError.self) {
                _ = try await client.headObject(bucket: bucket, key: "reports/r1.csv")
            }
            #expect(gone?.kind == .notFound)
            try await client.deleteObject(bucket: bucket, key: "reports/r1.csv")  // again: still fine
        }
    }

    @Test func anEmptyObjectRoundTrips() async throws {
        try await withBucket { client, bucket in
            let stored = try await client.putObject(ByteBuffer(), bucket: bucket, key: "empty")
            #expect(stored.sha256 == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
            #expect(try await download(client, bucket, "empty").isEmpty)
            #expect(try await client.headObject(bucket: bucket, key: "empty").contentLength == 0)
        }
    }

    @Test(arguments: [
        "monthly report 2024.csv", "dir with spaces/sub dir/file name.txt", "a/b/c/deep.bin",
        "hash#and?query[1]{x}.log",
        "tilde~dash-dot.under_score", "trailing space ", "double//slash", "plus+and=equals&amp;'quote'(1)!*,;:@$.txt",
        "50% off.txt", "caf\u{E9}/\u{65E5}\u{672C}\u{8A9E} \u{20AC}.txt", "emoji \u{1F4C1}/r\u{E9}sum\u{E9}.pdf",
        "cafe\u{301}.txt",
    ])
    func keysWithSpacesUnicodeAndReservedCharactersRoundTrip(key: String) async throws {
        try await withBucket { client, bucket in
            try await client.putObject(ByteBuffer(string: key), bucket: bucket, key: key)
            #expect(try await download(client, bucket, key) == Array(key.utf8))
            #expect(try await client.listObjects(bucket: bucket).objects.map(\.key) == [key])
            try await client.deleteObject(bucket: bucket, key: key)
            #expect(try await client.listObjects(bucket: bucket).objects.isEmpty)
        }
    }

    @Test func aMissingKeyOrBucketIsNotFound() async throws {
        try await withBucket { client, bucket in
            let key = await #expect(throws: ObjectStoreError.self) {
                _ = try await client.getObject(bucket: bucket, key: "nothing-here")
            }
            #expect(key?.kind == .notFound)
            #expect(key?.code == "NoSuchKey")
            #expect(key?.status == 404)
            #expect(key?.key == "nothing-here")

            let head = await #expect(throws: ObjectStoreError.self) {
                _ = try await client.headObject(bucket: bucket, key: "nothing-here")
            }
            #expect(head?.kind == .notFound)

            let missingBucket = bucket + "-missing"
            let noBucket = await #expect(throws: ObjectStoreError.self) {
                _ = try await client.getObject(bucket: missingBucket, key: "k")
            }
            #expect(noBucket?.kind == .notFound)
            #expect(noBucket?.code == "NoSuchBucket")
            let exists = try await client.bucketExists(bucket)
            let missingExists = try await client.bucketExists(missingBucket)
            #expect(exists && !missingExists)
        }
    }

    @Test func createBucketTwiceIsFine() async throws {
        try await withBucket { client, bucket in
            try await client.createBucket(bucket)
            let exists = try await client.bucketExists(bucket)
            #expect(exists)
        }
    }

    @Test func rangesDownloadOnlyTheirBytes() async throws {
        try await withBucket { client, bucket in
            let bytes = patternBytes(1000)
            try await client.putObject(ByteBuffer(bytes: bytes), bucket: bucket, key: "r")

            let middle = try await client.getObject(bucket: bucket, key: "r", range: .bytes(10...19))
            #expect(middle.contentRange == ContentRange(first: 10, last: 19, total: 1000))
            #expect(middle.info.contentLength == 10)
            #expect(Array(try await middle.body.collect(upTo: 100).readableBytesView) == Array(bytes[10...19]))

            #expect(try await download(client, bucket, "r", range: .from(990)) == Array(bytes[990...]))
            #expect(try await download(client, bucket, "r", range: .suffix(5)) == Array(bytes[995...]))
            #expect(try await download(client, bucket, "r", range: .bytes(900...5000)) == Array(bytes[900...]))

            let pastTheEnd = await #expect(throws: ObjectStoreError.self) {
                _ = try await client.getObject(bucket: bucket, key: "r", range: .from(1000))
            }
            #expect(pastTheEnd?.status == 416)
        }
    }

    @Test func listingPagesThroughEveryKeyInOrder() async throws {
        try await withBucket { client, bucket in
            let keys =
                (1...7).map { "logs/2024-05-0\($0) \u{E9}t\u{E9}.json" } + ["logs/archive/old.json", "other/x", "logs"]
            for key in keys { try await client.putObject(ByteBuffer(string: key), bucket: bucket, key: key) }

            var pages: [[String]] = []
            var token: String?
            repeat {
                let page = try await client.listObjects(
                    bucket: bucket, prefix: "logs/", continuationToken: token, maxKeys: 3)
                pages.append(page.objects.map(\.key))
                token = page.nextContinuationToken
            } while token != nil && pages.count < 10
            #expect(pages.map(\.count) == [3, 3, 2])
            #expect(pages.flatMap { $0 } == keys.filter { $0.hasPrefix("logs/") }.sorted())

            let folders = try await client.listObjects(bucket: bucket, prefix: "logs/", delimiter: "/")
            #expect(folders.commonPrefixes == ["logs/archive/"])
            #expect(folders.objects.count == 7)
            let first = try #require(folders.objects.first)
            #expect(first.key == "logs/2024-05-01 \u{E9}t\u{E9}.json")
            #expect(first.size == first.key.utf8.count)
            #expect(first.etag.count == 32)
        }
    }
}
