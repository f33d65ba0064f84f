import Crypto
import NIOHTTP1
import Testing

@testable import ObjectStore

@Suite("Ranges, entity tags and object heads", .timeLimit(.minutes(1)))
struct ObjectValuesTests {
    @Test func rangeHeaders() {
        #expect(ByteRange.bytes(0...9).description == "bytes=0-9")
        #expect(ByteRange.from(100).description == "bytes=100-")
        #expect(ByteRange.suffix(500).description == "bytes=-500")
    }

    @Test func contentRangeHeaders() {
        #expect(ContentRange(header: "bytes 0-9/443") == ContentRange(first: 0, last: 9, total: 443))
        #expect(ContentRange(header: "bytes 10-19/*") == ContentRange(first: 10, last: 19, total: nil))
        #expect(ContentRange(header: "bytes */443") == nil)
        #expect(ContentRange(header: "items 0-9/10") == nil)
    }

    @Test func entityTagsLoseTheirQuotes() {
        #expect(ETag.unquoted("\"5d41402abc4b2a76b9719d911017c592\"") == "5d41402abc4b2a76b9719d911017c592")
        #expect(ETag.unquoted("W/\"x\"") == "x")
        #expect(ETag.unquoted("plain") == "plain")
    }

    @Test func objectInfoFromHeaders() {
        let info = ObjectInfo(
            headers: HTTPHeaders([
                ("Content-Length", "443"), ("ETag", "\"abc\""), ("Content-Type", "text/csv"),
                ("Last-Modified", "Wed, 01 May 2024 12:00:00 GMT"),
            ]))
        #expect(info.contentLength == 443)
        #expect(info.etag == "abc")
        #expect(info.contentType == "text/csv")
        #expect(info.lastModified?.timeIntervalSince1970 == 1_714_564_800)
    }

    @Test func multipartEntityTagIsTheMD5OfThePartMD5s() {
        let first = Insecure.MD5.hash(data: Array("hello".utf8)).hexString
        let second = Insecure.MD5.hash(data: Array("world".utf8)).hexString
        let expected =
            Insecure.MD5.hash(
                data: Array(Insecure.MD5.hash(data: Array("hello".utf8)))
                    + Array(Insecure.MD5.hash(data: Array("world".utf8)))
            ).hexString + "-2"
        #expect(
            ObjectStoreClient.multipartETag([
                CompletedPart(number: 1, etag: first), CompletedPart(number: 2, etag: second),
            ])
                == expected)
        #expect(ObjectStoreClient.multipartETag([CompletedPart(number: 1, etag: "not-md5")]) == nil)
    }
}
