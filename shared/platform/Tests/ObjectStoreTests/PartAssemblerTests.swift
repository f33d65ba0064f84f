import Crypto
import NIOCore
import Testing

@testable import ObjectStore

@Suite("Cutting an upload stream into parts", .timeLimit(.minutes(1)))
struct PartAssemblerTests {
    /// The bytes 0, 1, 2, … (mod 251, so no part boundary lines up with the pattern), in chunks of
    /// the given sizes.
    private func chunks(_ sizes: [Int]) -> [ByteBuffer] {
        var offset = 0
        return sizes.map { size in
            defer { offset += size }
            return ByteBuffer(bytes: (offset..<offset + size).map { UInt8($0 % 251) })
        }
    }

    private func parts(
        of sizes: [Int], partSize: Int
    ) async throws -> (parts: [(Int, Bool)], bytes: [UInt8], sha: String, size: Int) {
        let input = chunks(sizes)
        var assembler = PartAssembler(input.async.makeAsyncIterator(), partSize: partSize)
        var parts: [(Int, Bool)] = []
        var bytes: [UInt8] = []
        while let part = try await assembler.next() {
            parts.append((part.bytes.readableBytes, part.isLast))
            bytes += part.bytes.readableBytesView
            #expect(parts.count < 100, "runaway")
        }
        let whole = input.flatMap { Array($0.readableBytesView) }
        #expect(bytes == whole, "the parts put together are the stream")
        let sha = assembler.sha256()
        #expect(sha == SHA256.hash(data: whole).hexString)
        return (parts, bytes, sha, assembler.size)
    }

    @Test func aStreamShorterThanAPartIsOneLastPart() async throws {
        let result = try await parts(of: [3, 4, 5], partSize: 16)
        #expect(result.parts.map(\.0) == [12])
        #expect(result.parts.map(\.1) == [true])
        #expect(result.size == 12)
    }

    @Test func aStreamOfExactlyOnePartIsKnownToBeLastBeforeItIsSent() async throws {
        let result = try await parts(of: [8, 8], partSize: 16)
        #expect(result.parts.map(\.0) == [16])
        #expect(result.parts.map(\.1) == [true])
    }

    @Test func chunksStraddlingPartEndsAreSplit() async throws {
        let result = try await parts(of: [10, 10, 10, 10, 3], partSize: 16)
        #expect(result.parts.map(\.0) == [16, 16, 11])
        #expect(result.parts.map(\.1) == [false, false, true])
    }

    @Test func oneChunkLargerThanSeveralParts() async throws {
        let result = try await parts(of: [50], partSize: 16)
        #expect(result.parts.map(\.0) == [16, 16, 16, 2])
        #expect(result.parts.map(\.1) == [false, false, false, true])
    }

    @Test func aStreamEndingOnAPartBoundaryHasNoEmptyLastPart() async throws {
        let result = try await parts(of: [16, 16], partSize: 16)
        #expect(result.parts.map(\.0) == [16, 16])
        #expect(result.parts.map(\.1) == [false, true])
    }

    @Test func emptyChunksAreSkippedAndDoNotCountAsMore() async throws {
        let result = try await parts(of: [0, 16, 0, 0], partSize: 16)
        #expect(result.parts.map(\.0) == [16])
        #expect(result.parts.map(\.1) == [true])
    }

    @Test func anEmptyStreamIsOneEmptyPart() async throws {
        let result = try await parts(of: [], partSize: 16)
        #expect(result.parts.map(\.0) == [0])
        #expect(result.parts.map(\.1) == [true])
        #expect(result.sha == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
    }

    @Test func aPartNeverReservesMoreThanItsSize() async throws {
        let partSize = 5 * 1024 * 1024
        var assembler = PartAssembler(
            Array(repeating: ByteBuffer(repeating: 7, count: 65_537), count: 100).async.makeAsyncIterator(),
            partSize: partSize)
        while let part = try await assembler.next() {
            #expect(part.bytes.capacity <= 8 * 1024 * 1024, "at most one part, rounded up to a power of two")
        }
    }

    struct StreamFailure: Error {}

    @Test func aStreamErrorComesThrough() async throws {
        let stream = AsyncThrowingStream<ByteBuffer, any Error> { continuation in
            continuation.yield(ByteBuffer(repeating: 1, count: 20))
            continuation.finish(throwing: StreamFailure())
        }
        var assembler = PartAssembler(stream.makeAsyncIterator(), partSize: 16)
        let first = try await assembler.next()
        #expect(first?.bytes.readableBytes == 16 && first?.isLast == false)
        await #expect(throws: StreamFailure.self) { _ = try await assembler.next() }
    }
}

extension Array where Element: Sendable {
    /// The elements as an AsyncSequence, one at a time.
    var async: AsyncStream<Element> {
        AsyncStream { continuation in
            for element in self { continuation.yield(element) }
            continuation.finish()
        }
    }
}
