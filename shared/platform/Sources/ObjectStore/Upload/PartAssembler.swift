import Crypto
import NIOCore

/// Cuts a stream of buffers of any sizes into parts of exactly `partSize` bytes, the last one
/// shorter, and hashes and counts every byte on the way.
///
/// It holds one part and at most one chunk besides (the rest of a chunk that straddles a part's
/// end, or the chunk read ahead): after a full part it reads the next non-empty chunk, so it can
/// tell whether that part was the last, before anything is sent.
struct PartAssembler<Chunks: AsyncIteratorProtocol> where Chunks.Element == ByteBuffer {
    struct Part {
        var bytes: ByteBuffer
        /// The stream ended with this part.
        var isLast: Bool
    }

    private var chunks: Chunks
    let partSize: Int
    private var carried: ByteBuffer?
    private var ended = false
    private var handedOutPart = false
    private var hasher = SHA256()
    /// Bytes read from the stream so far.
    private(set) var size = 0

    init(_ chunks: Chunks, partSize: Int) {
        precondition(partSize > 0, "a part holds at least one byte")
        self.chunks = chunks
        self.partSize = partSize
    }

    /// Hex SHA-256 of all the bytes read; call it once, at the end.
    mutating func sha256() -> String { hasher.finalize().hexString }

    /// The next part, or nil when the stream has ended and every byte was handed out. An empty
    /// stream gives one empty part, so that an empty object is still stored.
    mutating func next() async throws -> Part? {
        if ended && carried == nil { return handedOutPart ? nil : take(ByteBuffer(), isLast: true) }
        var part = ByteBuffer()
        while part.readableBytes < partSize, var chunk = try await nextChunk() {
            let count = min(partSize - part.readableBytes, chunk.readableBytes)
            if part.capacity < partSize && part.writableBytes < count {
                // Grow in steps but never past one part: ByteBuffer's own doubling could.
                part.reserveCapacity(min(partSize, max(part.capacity * 2, part.readableBytes + count)))
            }
            var slice = chunk.readSlice(length: count)!
            part.writeBuffer(&slice)
            carried = chunk.readableBytes > 0 ? chunk : nil
        }
        if part.readableBytes == partSize && carried == nil {
            carried = try await nextChunk()  // read ahead: is there more?
        }
        return take(part, isLast: ended && carried == nil)
    }

    private mutating func take(_ bytes: ByteBuffer, isLast: Bool) -> Part {
        handedOutPart = true
        return Part(bytes: bytes, isLast: isLast)
    }

    /// The carried rest first, else the next non-empty chunk of the stream (hashed as it
    /// arrives), else nil at the end.
    private mutating func nextChunk() async throws -> ByteBuffer? {
        if let chunk = carried {
            carried = nil
            return chunk
        }
        while !ended {
            guard let chunk = try await chunks.next() else {
                ended = true
                return nil
            }
            guard chunk.readableBytes > 0 else { continue }
            chunk.withUnsafeReadableBytes { hasher.update(bufferPointer: $0) }
            size += chunk.readableBytes
            return chunk
        }
        return nil
    }
}
