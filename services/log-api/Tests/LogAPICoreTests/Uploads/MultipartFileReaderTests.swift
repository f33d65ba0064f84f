import NIOCore
import Testing

@testable import LogAPICore

/// The file part pulled out of a streamed form: its headers first, then exactly its bytes, in
/// chunks; other fields skipped; a body cut off inside the file is an error, never a shorter file.
@Suite("multipart file reader", .timeLimit(.minutes(1)))
struct MultipartFileReaderTests {
    static let content = MultipartScannerTests.trickyContent

    static func read(_ chunks: [ByteBuffer], boundary: String = "xyz") async throws -> (MultipartPartHeaders, [UInt8]) {
        var reader = MultipartFileReader(boundary: boundary, base: ChunkSequence(chunks: chunks).makeAsyncIterator())
        let headers = try await reader.fileHeaders()
        var bytes: [UInt8] = []
        for try await chunk in MultipartFileBytes(reader: reader) { bytes += chunk.readableBytesView }
        return (headers, bytes)
    }

    @Test func theFileAfterOtherFieldsInChunksOfEverySize() async throws {
        let body = MultipartBodies.body(
            [MultipartBodies.field("comment", "first"), MultipartBodies.file(Self.content, filename: "x.ndjson")],
            boundary: "xyz")
        for size in 1...body.count {
            let (headers, bytes) = try await Self.read(MultipartBodies.chunks(body, size: size))
            #expect(headers.disposition?.filename == "x.ndjson")
            #expect(bytes == Self.content)
        }
    }

    @Test func aFormWithoutAFilePart() async throws {
        let body = MultipartBodies.body([MultipartBodies.field("comment", "no file")], boundary: "xyz")
        await #expect(throws: UploadFormError.missingFilePart) {
            _ = try await Self.read([ByteBuffer(bytes: body)])
        }
    }

    @Test func aBodyCutInsideTheFileThrows() async throws {
        let body = MultipartBodies.body([MultipartBodies.file(Self.content)], boundary: "xyz")
        let headerEnd = body.count - Self.content.count - 2 - "--xyz--\r\n".count
        for length in headerEnd..<(body.count - "--xyz--\r\n".count) {
            await #expect(throws: MultipartError.truncated) {
                _ = try await Self.read([ByteBuffer(bytes: body[0..<length])])
            }
        }
    }

    @Test func tooManyBytesBeforeTheFileAreRefused() async throws {
        let big = MultipartBodies.field("padding", String(repeating: "p", count: 2 << 20))
        let body = MultipartBodies.body([big, MultipartBodies.file([1])], boundary: "xyz")
        await #expect(throws: MultipartError.self) {
            _ = try await Self.read(MultipartBodies.chunks(body, size: 65536))
        }
    }
}

@Suite("upload names and types", .timeLimit(.minutes(1)))
struct UploadRequestPartsTests {
    @Test(arguments: [
        ("data.json", "data.json"), ("  spaced name.json ", "spaced name.json"), ("C:\\Users\\me\\x.json", "x.json"),
        ("/etc/passwd", "passwd"), ("naïve 日本.ndjson", "naïve 日本.ndjson"),
    ])
    func namesAreCleaned(raw: String, expected: String) throws {
        #expect(try UploadedFileName.clean(raw).get() == expected)
    }

    @Test(arguments: ["", "   ", "dir/", "a\u{7}b", String(repeating: "n", count: 256)])
    func badNamesAreRefused(raw: String) {
        #expect(throws: UploadedFileName.NameProblem.self) { try UploadedFileName.clean(raw).get() }
    }

    @Test func mediaTypes() {
        #expect(UploadMediaType(contentType: "application/json") == .raw(.json))
        #expect(UploadMediaType(contentType: "Application/X-NDJSON; charset=utf-8") == .raw(.ndjson))
        #expect(UploadMediaType(contentType: "application/ndjson") == .raw(.ndjson))
        #expect(
            UploadMediaType(contentType: "multipart/form-data; boundary=------------------------d74496d66958873e")
                == .multipart(boundary: "------------------------d74496d66958873e"))
        #expect(
            UploadMediaType(contentType: "multipart/form-data; boundary=\"a b:c\"") == .multipart(boundary: "a b:c"))
        #expect(UploadMediaType(contentType: "multipart/form-data") == nil)
        #expect(UploadMediaType(contentType: "multipart/form-data; boundary=") == nil)
        #expect(UploadMediaType(contentType: "application/json; charset=latin1") == nil)
        #expect(UploadMediaType(contentType: "text/csv") == nil)
        #expect(UploadMediaType(contentType: nil) == nil)
    }

    @Test func theFormatOfAFilePart() {
        #expect(FileFormat(partContentType: "application/octet-stream", fileName: "x.json") == .json)
        #expect(FileFormat(partContentType: "application/octet-stream", fileName: "x.NDJSON") == .ndjson)
        #expect(FileFormat(partContentType: nil, fileName: "x.jsonl") == .ndjson)
        #expect(FileFormat(partContentType: "application/x-ndjson", fileName: "x.json") == .ndjson)
        #expect(FileFormat(partContentType: "application/json; charset=utf-8", fileName: "x.txt") == .json)
    }

    @Test func contentDisposition() {
        let plain = ContentDisposition("form-data; name=\"file\"; filename=\"a.json\"")
        #expect(plain?.type == "form-data")
        #expect(plain?.name == "file")
        #expect(plain?.filename == "a.json")
        let extended = ContentDisposition("form-data; name=file; filename=\"a.json\"; filename*=UTF-8''na%C3%AFve.json")
        #expect(extended?.filename == "naïve.json")
        #expect(ContentDisposition("form-data; name=\"unterminated") == nil)
    }

    @Test func sizeLimitedBodyThrowsWithTheChunkThatPassesTheLimit() async throws {
        let chunks = MultipartBodies.chunks(Array(repeating: 7, count: 100), size: 30)
        var seen = 0
        await #expect(throws: UploadTooLarge(limit: 70)) {
            for try await chunk in SizeLimitedBody(base: ChunkSequence(chunks: chunks), limit: 70) {
                seen += chunk.readableBytes
            }
        }
        #expect(seen == 60)
        var all = 0
        for try await chunk in SizeLimitedBody(base: ChunkSequence(chunks: chunks), limit: 100) {
            all += chunk.readableBytes
        }
        #expect(all == 100)
    }
}
