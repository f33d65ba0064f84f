import NIOCore

/// Splits a `multipart/form-data` body (RFC 7578, RFC 2046 §5.1) into parts as its bytes arrive,
/// chunk by chunk, without holding more than one chunk plus a few bytes.
///
/// Feed it with ``append(_:)`` and take ``Event``s with ``nextEvent()`` until it returns nil (it
/// needs more bytes); when the input ends, ``finish()`` says whether the body was complete.
///
/// Guarantees:
/// - A part's body comes out as slices of the chunks given (no copy), in order, with nothing of
///   the delimiters in them, however the chunks split the body: a delimiter split across chunks is
///   recognised, and bytes that might start one are held back (at most the delimiter's length)
///   until the next chunk tells.
/// - Memory is bounded: a part's headers may take at most `maxHeaderBytes` (else
///   ``MultipartError/headersTooLarge``), a preamble at most `maxHeaderBytes` too; only the
///   epilogue after the closing delimiter is read without limit, and thrown away.
/// - A body that ends before its closing delimiter (`--boundary--`) is
///   ``MultipartError/truncated``: a cut-off upload is never taken for a whole one.
struct MultipartScanner: Sendable {
    enum Event: Sendable, Equatable {
        /// A part begins: its headers.
        case partHeaders(MultipartPartHeaders)
        /// The next bytes of the current part's body.
        case partBody(ByteBuffer)
        /// The current part ended.
        case partEnd
    }

    private enum State: Sendable, Equatable {
        /// Before the first delimiter; `discarded` preamble bytes so far.
        case preamble(discarded: Int)
        /// After a delimiter: `--` closes the body, CRLF starts a part's headers.
        case afterDelimiter
        case headers
        case body
        /// After the closing delimiter: whatever comes is ignored.
        case epilogue
    }

    /// `CRLF--boundary`: what ends a part's body (and, without its CRLF, starts the first part).
    private let delimiter: [UInt8]
    private let maxHeaderBytes: Int
    private var state = State.preamble(discarded: 0)
    /// Bytes given and not yet consumed.
    private var pending = ByteBuffer()

    static let defaultMaxHeaderBytes = 16 * 1024

    /// `boundary` is the `boundary` parameter of the body's `Content-Type` (see ``MultipartBoundary``).
    init(boundary: String, maxHeaderBytes: Int = Self.defaultMaxHeaderBytes) {
        precondition(!boundary.isEmpty, "a multipart boundary has 1 to 70 characters")
        delimiter = Array("\r\n--\(boundary)".utf8)
        self.maxHeaderBytes = maxHeaderBytes
    }

    /// True once the closing delimiter was read.
    var isComplete: Bool { state == .epilogue }

    /// Adds the next bytes of the body.
    mutating func append(_ chunk: ByteBuffer) {
        guard state != .epilogue else { return }
        if pending.readableBytes == 0 {
            pending = chunk
        } else {
            // Only the few bytes held back at the end of the last chunk (or an unfinished header
            // block) are here: the new chunk is copied behind them once.
            var chunk = chunk
            pending.writeBuffer(&chunk)
        }
    }

    /// The next event, or nil when more bytes are needed to tell what comes next.
    mutating func nextEvent() throws(MultipartError) -> Event? {
        while true {
            switch state {
            case .preamble(let discarded):
                guard let done = try skipPreamble(discarded: discarded) else { return nil }
                if !done { continue }
            case .afterDelimiter:
                guard try readDelimiterEnd() else { return nil }
            case .headers:
                return try readHeaders()
            case .body:
                return readBody()
            case .epilogue:
                pending.clear()
                return nil
            }
        }
    }

    /// The input ended: throws ``MultipartError/truncated`` unless the closing delimiter was read.
    func finish() throws(MultipartError) {
        guard state == .epilogue else { throw .truncated }
    }

    // MARK: - States

    /// Consumes the preamble up to and including the first delimiter, which may come without its
    /// CRLF at the very start. Returns nil when more bytes are needed, false when it consumed
    /// some preamble and the state is still `.preamble`, true when the first delimiter was read.
    private mutating func skipPreamble(discarded: Int) throws(MultipartError) -> Bool? {
        let dashBoundary = delimiter[2...]
        if discarded == 0 {
            // The usual body starts with `--boundary` itself.
            let available = min(pending.readableBytes, dashBoundary.count)
            let head = pending.readableBytesView.prefix(available)
            if head.elementsEqual(dashBoundary.prefix(available)) {
                guard available == dashBoundary.count else { return nil }
                pending.moveReaderIndex(forwardBy: available)
                state = .afterDelimiter
                return true
            }
        }
        switch DelimiterSearch.find(delimiter, in: pending) {
        case .found(let offset):
            pending.moveReaderIndex(forwardBy: offset + delimiter.count)
            state = .afterDelimiter
            return true
        case .partial(let offset), .absent(let offset):
            // Bytes that may start the delimiter stay until the next chunk tells (at most its length).
            guard offset > 0 else { return nil }
            let total = discarded + offset
            guard total <= maxHeaderBytes else { throw .preambleTooLarge }
            pending.moveReaderIndex(forwardBy: offset)
            state = .preamble(discarded: total)
            return false
        }
    }

    /// After a delimiter: `--` (the end), or optional spaces and tabs then CRLF (a part follows).
    private mutating func readDelimiterEnd() throws(MultipartError) -> Bool {
        let view = pending.readableBytesView
        guard let first = view.first else { return false }
        if first == UInt8(ascii: "-") {
            guard view.count >= 2 else { return false }
            guard view[view.startIndex + 1] == UInt8(ascii: "-") else {
                throw .malformed("a delimiter followed by '-'")
            }
            pending.moveReaderIndex(forwardBy: 2)
            state = .epilogue
            return true
        }
        // Transport padding (RFC 2046: linear white space after the boundary) then CRLF.
        guard let end = view.firstIndex(where: { $0 != UInt8(ascii: " ") && $0 != UInt8(ascii: "\t") }) else {
            guard view.count <= 64 else { throw .malformed("too much white space after a delimiter") }
            return false
        }
        let padding = end - view.startIndex
        guard view.count - padding >= 2 else { return false }
        guard view[end] == UInt8(ascii: "\r"), view[end + 1] == UInt8(ascii: "\n") else {
            throw .malformed("a delimiter not followed by CRLF or '--'")
        }
        pending.moveReaderIndex(forwardBy: padding + 2)
        state = .headers
        return true
    }

    /// The header block of a part, up to and including its empty line.
    private mutating func readHeaders() throws(MultipartError) -> Event? {
        let view = pending.readableBytesView
        let blockEnd: Int?
        if view.starts(with: Self.lineEnd) {
            blockEnd = 0  // no headers at all
        } else {
            blockEnd = DelimiterSearch.firstOffset(of: Self.headerBlockEnd, in: pending).map { $0 + 2 }
        }
        guard let blockEnd else {
            guard pending.readableBytes <= maxHeaderBytes else { throw .headersTooLarge }
            return nil
        }
        guard blockEnd <= maxHeaderBytes else { throw .headersTooLarge }
        let block = pending.readSlice(length: blockEnd)!
        pending.moveReaderIndex(forwardBy: 2)
        state = .body
        return .partHeaders(try MultipartPartHeaders(block: block))
    }

    /// As much of the current part's body as can be told apart from a delimiter.
    private mutating func readBody() -> Event? {
        switch DelimiterSearch.find(delimiter, in: pending) {
        case .found(0):
            pending.moveReaderIndex(forwardBy: delimiter.count)
            state = .afterDelimiter
            return .partEnd
        case .found(let offset), .partial(let offset), .absent(let offset):
            guard offset > 0 else { return nil }
            let bytes = pending.readSlice(length: offset)!
            if pending.readableBytes == 0 { pending = ByteBuffer() }
            return .partBody(bytes)
        }
    }

    private static let lineEnd: [UInt8] = [13, 10]
    private static let headerBlockEnd: [UInt8] = [13, 10, 13, 10]
}

/// A `multipart/form-data` body that cannot be read.
enum MultipartError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The body ended before its closing delimiter.
    case truncated
    case headersTooLarge
    case preambleTooLarge
    case malformed(String)

    var description: String {
        switch self {
        case .truncated: return "the multipart body ended before its closing boundary"
        case .headersTooLarge:
            return "a part's headers are larger than \(MultipartScanner.defaultMaxHeaderBytes) bytes"
        case .preambleTooLarge: return "no boundary within the first \(MultipartScanner.defaultMaxHeaderBytes) bytes"
        case .malformed(let what): return "malformed multipart body: \(what)"
        }
    }
}
