import NIOCore

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Finds a delimiter that starts with CR (a multipart delimiter `CRLF--boundary`, a header block's
/// end `CRLFCRLF`) in the readable bytes of a buffer, with `memchr` for the CR and one `memcmp`
/// per candidate.
enum DelimiterSearch {
    enum Result: Equatable {
        /// The delimiter starts at this offset.
        case found(Int)
        /// No whole delimiter; the bytes from this offset to the end are the start of one, so they
        /// must wait for more input. The bytes before it are certainly not part of one.
        case partial(Int)
        /// No delimiter and no start of one: every byte (the offset is the count) is free.
        case absent(Int)
    }

    /// Where `delimiter` (which starts with CR, so every match starts at a CR) is in `buffer`'s
    /// readable bytes.
    static func find(_ delimiter: [UInt8], in buffer: ByteBuffer) -> Result {
        precondition(delimiter.first == 13, "the delimiter starts with CR")
        return buffer.withUnsafeReadableBytes { bytes -> Result in
            guard let base = bytes.baseAddress else { return .absent(0) }
            let count = bytes.count
            var position = 0
            while position < count {
                guard let found = memchr(base + position, 13, count - position) else { return .absent(count) }
                let offset = base.distance(to: UnsafeRawPointer(found))
                let remaining = count - offset
                let compared = min(remaining, delimiter.count)
                let matches = delimiter.withUnsafeBytes { pattern in
                    memcmp(base + offset, pattern.baseAddress!, compared) == 0
                }
                if matches { return remaining >= delimiter.count ? .found(offset) : .partial(offset) }
                position = offset + 1
            }
            return .absent(count)
        }
    }

    /// The offset of the first whole `delimiter`, or nil.
    static func firstOffset(of delimiter: [UInt8], in buffer: ByteBuffer) -> Int? {
        if case .found(let offset) = find(delimiter, in: buffer) { return offset }
        return nil
    }
}
