import NIOCore

/// A body that may hold at most `limit` bytes: its iterator hands the chunks through unchanged and
/// throws ``UploadTooLarge`` with the chunk that passes the limit, before handing it out, so whatever
/// consumes it (an object store upload) stops and cleans up without storing that chunk.
struct SizeLimitedBody<Base: AsyncSequence>: AsyncSequence where Base.Element == ByteBuffer {
    typealias Element = ByteBuffer

    let base: Base
    let limit: Int

    struct AsyncIterator: AsyncIteratorProtocol {
        var base: Base.AsyncIterator
        let limit: Int
        /// Bytes handed out so far.
        var count = 0

        mutating func next() async throws -> ByteBuffer? {
            guard let chunk = try await base.next() else { return nil }
            count += chunk.readableBytes
            guard count <= limit else { throw UploadTooLarge(limit: limit) }
            return chunk
        }
    }

    func makeAsyncIterator() -> AsyncIterator {
        AsyncIterator(base: base.makeAsyncIterator(), limit: limit)
    }
}

/// The upload passed `FILE_MAX_BYTES`.
struct UploadTooLarge: Error, Sendable, Equatable {
    let limit: Int
}
