import NIOCore
import Testing

@testable import LogAPICore

/// The multipart scanner gives the same parts, byte for byte, however the body is cut into chunks:
/// at every single offset, and in chunks of every size from 1 byte up, with contents made to look
/// like delimiters.
@Suite("multipart scanner", .timeLimit(.minutes(1)))
struct MultipartScannerTests {
    static let boundary = "----TributaryBoundary7MA4YWxk"

    /// Contents that come close to a delimiter without being one.
    static let trickyContent: [UInt8] =
        Array(
            ("[{\"a\":1},\r\n{\"b\":\"\r\n--\"},\r\n-\r\r\n--" + "----TributaryBoundary7MA4YWx"
                + "\r\n----TributaryBoundary7MA4YWxK\r\n\r\r\n\r\n]").utf8) + [0, 13, 255, 13, 10, 45, 45]

    /// Reads `chunks` to the end: the parts as (headers, body).
    static func parts(
        _ chunks: [ByteBuffer], boundary: String = boundary
    ) throws -> [(MultipartPartHeaders, [UInt8])] {
        var scanner = MultipartScanner(boundary: boundary)
        var parts: [(MultipartPartHeaders, [UInt8])] = []
        for chunk in chunks {
            scanner.append(chunk)
            while let event = try scanner.nextEvent() {
                switch event {
                case .partHeaders(let headers): parts.append((headers, []))
                case .partBody(let bytes): parts[parts.count - 1].1 += bytes.readableBytesView
                case .partEnd: break
                }
            }
        }
        try scanner.finish()
        return parts
    }

    static let form: [UInt8] = MultipartBodies.body(
        [
            MultipartBodies.field("note", "hello"),
            MultipartBodies.file(trickyContent, filename: "tricky.json"),
            MultipartBodies.field("empty", ""),
        ], boundary: boundary, preamble: "This is the preamble.\r\n--not the boundary", epilogue: "\r\nepilogue --x")

    static func check(_ parts: [(MultipartPartHeaders, [UInt8])]) {
        #expect(parts.count == 3)
        guard parts.count == 3 else { return }
        #expect(parts[0].0.disposition?.name == "note")
        #expect(parts[0].1 == Array("hello".utf8))
        #expect(parts[1].0.disposition?.name == "file")
        #expect(parts[1].0.disposition?.filename == "tricky.json")
        #expect(parts[1].0.contentType == "application/octet-stream")
        #expect(parts[1].1 == trickyContent)
        #expect(parts[2].0.disposition?.name == "empty")
        #expect(parts[2].1.isEmpty)
    }

    @Test func theWholeBodyAtOnce() throws {
        Self.check(try Self.parts([ByteBuffer(bytes: Self.form)]))
    }

    // The loops yield now and then: on two cores, a test that holds a thread of the concurrency
    // pool for seconds delays the timing tests running beside it.

    @Test func cutAtEverySingleOffset() async throws {
        for cut in 0...Self.form.count {
            Self.check(try Self.parts(MultipartBodies.chunks(Self.form, cutAt: [cut])))
            await Task.yield()
        }
    }

    @Test func cutAtEveryPairOfOffsetsAroundTheFile() async throws {
        // Two cuts anywhere in the file part and its delimiters: every way a delimiter splits in three.
        let start = Self.form.firstIndex(of: UInt8(ascii: "[")) ?? 0
        let end = min(Self.form.count, start + Self.trickyContent.count + Self.boundary.count + 8)
        for first in start...end {
            for second in first...end {
                Self.check(try Self.parts(MultipartBodies.chunks(Self.form, cutAt: [first, second])))
            }
            await Task.yield()
        }
    }

    @Test func chunksOfEverySize() async throws {
        for size in 1...Self.form.count {
            Self.check(try Self.parts(MultipartBodies.chunks(Self.form, size: size)))
            await Task.yield()
        }
    }

    @Test func aBodyStartingWithTheBoundaryAndNoEpilogue() throws {
        let body = MultipartBodies.body(
            [MultipartBodies.file(Array("{}".utf8))], boundary: "b", epilogue: "")
        for size in 1...body.count {
            let parts = try Self.parts(MultipartBodies.chunks(body, size: size), boundary: "b")
            #expect(parts.count == 1)
            #expect(parts.first?.1 == Array("{}".utf8))
        }
    }

    @Test func aBodyCutShortAnywhereIsTruncatedNeverComplete() async throws {
        let body = MultipartBodies.body(
            [MultipartBodies.file(Self.trickyContent)], boundary: Self.boundary, epilogue: "")
        for length in 0..<body.count {
            #expect(throws: MultipartError.truncated) {
                _ = try Self.parts([ByteBuffer(bytes: body[0..<length])])
            }
            await Task.yield()
        }
    }

    @Test func headersLargerThanTheLimitAreRefused() throws {
        let huge = MultipartBodies.Part(
            headers: [
                "Content-Disposition: form-data; name=\"file\"", "X-Long: " + String(repeating: "a", count: 20_000),
            ],
            body: [1])
        let body = MultipartBodies.body([huge], boundary: "b")
        #expect(throws: MultipartError.headersTooLarge) {
            _ = try Self.parts(MultipartBodies.chunks(body, size: 1000), boundary: "b")
        }
    }

    @Test func aPreambleWithoutBoundaryIsRefusedOnceTooLong() throws {
        let body = Array(repeating: UInt8(ascii: "x"), count: 40_000)
        #expect(throws: MultipartError.preambleTooLarge) {
            _ = try Self.parts(MultipartBodies.chunks(body, size: 4096), boundary: "b")
        }
    }

    @Test func aDelimiterFollowedByGarbageIsMalformed() throws {
        let body = Array("--b\r\nContent-Disposition: form-data; name=\"file\"\r\n\r\nx\r\n--bX".utf8)
        #expect(throws: MultipartError.self) { _ = try Self.parts([ByteBuffer(bytes: body)], boundary: "b") }
    }

    @Test func headerFoldingAndCaseAndPadding() throws {
        let body = Array(
            ("--b  \r\ncontent-DISPOSITION: form-data;\r\n name=\"file\"; filename=\"a\\\"b.json\"\r\n\r\n"
                + "x\r\n--b--").utf8)
        let parts = try Self.parts([ByteBuffer(bytes: body)], boundary: "b")
        #expect(parts.first?.0.disposition?.name == "file")
        #expect(parts.first?.0.disposition?.filename == "a\"b.json")
        #expect(parts.first?.1 == [UInt8(ascii: "x")])
    }
}
