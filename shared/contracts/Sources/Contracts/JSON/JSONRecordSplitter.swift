/// Splits a stream of bytes holding many JSON records into the records, one at a time: a JSON array of records
/// (`[{…},{…}]`) or NDJSON (one record per line, blank lines allowed). The form is decided by the first byte that
/// is not whitespace (after a UTF-8 byte order mark): `[` an array, `{` NDJSON.
///
/// Feed it chunks of any size with ``feed(_:_:)`` and end with ``finish(_:)``; it hands each record to the
/// handler as soon as its last byte arrived, with its 0-based index and the line and column (1-based, columns in
/// Unicode scalars, as ``JSONTextPosition``) of its first byte.
///
/// Guarantees:
/// - The same records, indices, positions and failure whatever the chunk sizes (one byte at a time included).
/// - Memory is bounded: it holds the current record only, never more than ``maxRecordBytes`` of it. A longer
///   record is skipped to its end and handed over as ``Event/oversized(_:)`` (it still takes an index).
/// - It finds the boundaries only: in an array, a record ends at the `,` or `]` outside any string and nested
///   value (it tracks strings, escapes and nesting, nothing else); in NDJSON at the line break. Whether a record
///   is valid JSON is for ``JSONReader`` to say (``Record/syntaxError()``, or a typed reader of the caller's),
///   so a bad record is one bad record and the next ones still come.
/// - What is not a record at all stops the split with a ``Failure`` naming the place: a document that starts
///   with neither `[` nor `{`, an empty one, text in UTF-16 or UTF-32, a missing value between two commas, content
///   after the array's `]`, or an array the document does not close. Records handed over before it stay valid.
public struct JSONRecordSplitter {
    public static let defaultMaxRecordBytes = 1 << 20

    /// How the records are laid out.
    public enum Form: Sendable, Equatable {
        case array
        case ndjson
    }

    /// One record, borrowed: ``bytes`` are valid only during the handler call.
    public struct Record {
        public let form: Form
        /// The 0-based position of the record among the document's records.
        public let index: Int
        /// Where its first byte is.
        public let position: JSONTextPosition
        /// The byte offset of its first byte in the document.
        public let offset: Int64
        /// The record's text: in an array from its first byte to its last (whitespace around it left out); in
        /// NDJSON the line from its first byte that is not blank, up to the line break (a `\r` before it kept).
        public let bytes: UnsafeBufferPointer<UInt8>

        /// Where byte `offset` of ``bytes`` is in the document (``bytes/count`` is just after the record).
        public func position(ofByte offset: Int) -> JSONTextPosition {
            let inRecord = JSONTextPosition(offset: offset, in: bytes)
            guard inRecord.line == 1 else {
                return JSONTextPosition(line: position.line + inRecord.line - 1, column: inRecord.column)
            }
            return JSONTextPosition(line: position.line, column: position.column + inRecord.column - 1)
        }

        /// Why the record is not one JSON value, by ``JSONReader``'s rules; nil when it is.
        public func syntaxError() -> JSONSyntaxError? {
            var reader = JSONReader(bytes)
            do {
                try reader.skipValue()
                try reader.expectEnd()
                return nil
            } catch {
                return error
            }
        }
    }

    /// A record longer than ``maxRecordBytes``: skipped, never held whole.
    public struct OversizedRecord: Sendable, Equatable {
        public let form: Form
        public let index: Int
        public let position: JSONTextPosition
        public let offset: Int64
        public let byteCount: Int64
    }

    public enum Event {
        case record(Record)
        case oversized(OversizedRecord)
    }

    /// Why the document is not an array of records or NDJSON, and where that shows.
    public struct Failure: Error, Sendable, Equatable, CustomStringConvertible {
        public let position: JSONTextPosition
        public let offset: Int64
        public let message: String

        public var description: String { "line \(position.line), column \(position.column): \(message)" }
    }

    public let maxRecordBytes: Int
    /// The form, once the first byte that is not whitespace came.
    public private(set) var form: Form?
    /// Records handed over so far, oversized ones included.
    public private(set) var recordCount = 0
    /// Bytes fed so far.
    public private(set) var bytesRead: Int64 = 0

    private enum Phase {
        /// Before the first byte that is not whitespace; `prefix` holds the first bytes until a byte order
        /// mark can be told.
        case start
        case beforeElement(first: Bool)
        case inElement
        case afterArray
        case lineStart
        case inLine
        case finished
        case failed(Failure)
    }

    private var phase = Phase.start
    private var prefix: [UInt8] = []
    private var line = 1
    private var column = 1
    /// The record being read: its bytes (unless oversized), where it started, its length so far.
    private var buffer: [UInt8] = []
    private var recordStart = (offset: Int64(0), line: 1, column: 1)
    private var recordLength: Int64 = 0
    /// The record's length up to its last byte that is not whitespace (an array element's end).
    private var contentLength: Int64 = 0
    private var oversized = false
    /// In an array element: nesting depth, inside a string, after a backslash in a string.
    private var depth = 0
    private var inString = false
    private var escaped = false

    public init(maxRecordBytes: Int = Self.defaultMaxRecordBytes) {
        precondition(maxRecordBytes > 0, "a record holds at least one byte")
        self.maxRecordBytes = maxRecordBytes
    }

    /// Reads `chunk`, handing every record it completes to `handle`. Throws a ``Failure`` (again on every later
    /// call) when the document stops being records, or what `handle` threw.
    public mutating func feed(_ chunk: UnsafeBufferPointer<UInt8>, _ handle: (Event) throws -> Void) throws {
        if case .failed(let failure) = phase { throw failure }
        if case .start = phase, bytesRead == 0 {
            // The first bytes wait until a byte order mark can be told from text.
            guard prefix.count + chunk.count >= 3 else {
                prefix.append(contentsOf: chunk)
                return
            }
            if !prefix.isEmpty {
                let missing = 3 - prefix.count
                prefix.append(contentsOf: UnsafeBufferPointer(rebasing: chunk[..<missing]))
                let head = prefix
                prefix = []
                try head.withUnsafeBufferPointer { try scan($0, handle) }
                try scan(UnsafeBufferPointer(rebasing: chunk[missing...]), handle)
                return
            }
        }
        try scan(chunk, handle)
    }

    public mutating func feed(_ chunk: [UInt8], _ handle: (Event) throws -> Void) throws {
        try chunk.withUnsafeBufferPointer { try feed($0, handle) }
    }

    /// Ends the document: hands over a last NDJSON line without a line break, and throws a ``Failure`` when the
    /// document was empty or its array is not closed.
    public mutating func finish(_ handle: (Event) throws -> Void) throws {
        if case .start = phase, !prefix.isEmpty {
            let head = prefix
            prefix = []
            try head.withUnsafeBufferPointer { try scan($0, handle) }
        }
        switch phase {
        case .failed(let failure): throw failure
        case .start: try fail(.empty, found: nil)
        case .beforeElement, .inElement: try fail(.unclosedArray, found: nil)
        case .inLine:
            contentLength = recordLength
            try endRecord(handle)
            phase = .finished
        case .afterArray, .lineStart, .finished:
            phase = .finished
        }
    }

    // MARK: scanning

    private mutating func scan(_ chunk: UnsafeBufferPointer<UInt8>, _ handle: (Event) throws -> Void) throws {
        var index = 0
        if case .start = phase, bytesRead == 0 {
            index = try byteOrderMark(chunk)
            bytesRead += Int64(index)
        }
        // Where the bytes of the current record start in this chunk.
        var segment = 0
        let count = chunk.count
        while index < count {
            let byte = chunk[index]
            switch phase {
            case .start:
                if !isWhitespace(byte) {
                    switch byte {
                    case UInt8(ascii: "["):
                        form = .array
                        phase = .beforeElement(first: true)
                    case UInt8(ascii: "{"):
                        form = .ndjson
                        phase = .inLine
                        beginRecord()
                        segment = index
                    default:
                        try fail(.notRecords, found: (chunk, index))
                    }
                }
            case .beforeElement(let first):
                if !isWhitespace(byte) {
                    switch byte {
                    case UInt8(ascii: "]") where first:
                        phase = .afterArray
                    case UInt8(ascii: ","), UInt8(ascii: "]"):
                        try fail(.missingValue, found: (chunk, index))
                    default:
                        beginRecord()
                        segment = index
                        phase = .inElement
                        // The first byte takes the same path as the others below.
                        continue
                    }
                }
            case .inElement:
                if inString {
                    if escaped {
                        escaped = false
                    } else if byte == UInt8(ascii: "\\") {
                        escaped = true
                    } else if byte == UInt8(ascii: "\"") {
                        inString = false
                    }
                    contentLength = recordLength + Int64(index - segment) + 1
                } else {
                    switch byte {
                    case UInt8(ascii: "\""): inString = true
                    case UInt8(ascii: "{"), UInt8(ascii: "["): depth += 1
                    case UInt8(ascii: "}") where depth > 0: depth -= 1
                    case UInt8(ascii: "]") where depth > 0: depth -= 1
                    case UInt8(ascii: ",") where depth == 0, UInt8(ascii: "]"):
                        // At the array's own level (a `]` of a nested value was counted above).
                        try append(UnsafeBufferPointer(rebasing: chunk[segment..<index]))
                        try endRecord(handle)
                        phase = byte == UInt8(ascii: ",") ? .beforeElement(first: false) : .afterArray
                    default: break
                    }
                    if case .inElement = phase, !isWhitespace(byte) {
                        contentLength = recordLength + Int64(index - segment) + 1
                    }
                }
            case .afterArray:
                if !isWhitespace(byte) { try fail(.trailingContent, found: (chunk, index)) }
            case .lineStart:
                switch byte {
                case UInt8(ascii: " "), UInt8(ascii: "\t"), UInt8(ascii: "\r"), UInt8(ascii: "\n"): break
                default:
                    beginRecord()
                    segment = index
                    phase = .inLine
                }
            case .inLine:
                // The line break ends the record; nothing else matters here, so look for it directly.
                var end = index
                while end < count, chunk[end] != UInt8(ascii: "\n") { end += 1 }
                // Every byte up to the break is on this line: only columns move.
                advanceColumns(UnsafeBufferPointer(rebasing: chunk[index..<end]))
                bytesRead += Int64(end - index)
                index = end
                guard end < count else { continue }
                try append(UnsafeBufferPointer(rebasing: chunk[segment..<end]))
                contentLength = recordLength
                try endRecord(handle)
                phase = .lineStart
                advance(over: UInt8(ascii: "\n"))
                index += 1
                continue
            case .finished:
                preconditionFailure("fed after finish()")
            case .failed(let failure):
                throw failure
            }
            advance(over: byte)
            index += 1
        }
        switch phase {
        case .inElement, .inLine: try append(UnsafeBufferPointer(rebasing: chunk[segment..<count]))
        default: break
        }
    }

    /// The length of a UTF-8 byte order mark at the start of the document; throws for UTF-16 or UTF-32 text.
    private mutating func byteOrderMark(_ chunk: UnsafeBufferPointer<UInt8>) throws -> Int {
        if chunk.count >= 3, chunk[0] == 0xEF, chunk[1] == 0xBB, chunk[2] == 0xBF { return 3 }
        if chunk.count >= 2,
            (chunk[0] == 0xFE && chunk[1] == 0xFF) || (chunk[0] == 0xFF && chunk[1] == 0xFE) || chunk[0] == 0
                || chunk[1] == 0
        {
            try fail(.notUTF8, found: nil)
        }
        return 0
    }

    private mutating func advance(over byte: UInt8) {
        bytesRead += 1
        if byte == UInt8(ascii: "\n") {
            line += 1
            column = 1
        } else if byte & 0xC0 != 0x80 {
            column += 1
        }
    }

    private mutating func advanceColumns(_ bytes: UnsafeBufferPointer<UInt8>) {
        for byte in bytes where byte & 0xC0 != 0x80 { column += 1 }
    }

    @inline(__always)
    private func isWhitespace(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x0A || byte == 0x0D || byte == 0x09
    }

    // MARK: records

    private mutating func beginRecord() {
        recordStart = (bytesRead, line, column)
        recordLength = 0
        contentLength = 0
        oversized = false
        depth = 0
        inString = false
        escaped = false
        buffer.removeAll(keepingCapacity: true)
    }

    /// Adds bytes of the current record, at most ``maxRecordBytes`` of them (whitespace may follow the last byte
    /// of an array element that fits); only counts them once the record's content is too long to hold.
    private mutating func append(_ bytes: UnsafeBufferPointer<UInt8>) throws {
        recordLength += Int64(bytes.count)
        guard !oversized else { return }
        if contentLength > Int64(maxRecordBytes) {
            oversized = true
            buffer = []
            return
        }
        let room = maxRecordBytes - buffer.count
        buffer.append(contentsOf: bytes.count <= room ? bytes : UnsafeBufferPointer(rebasing: bytes[..<room]))
    }

    private mutating func endRecord(_ handle: (Event) throws -> Void) throws {
        let index = recordCount
        recordCount += 1
        let position = JSONTextPosition(line: recordStart.line, column: recordStart.column)
        if oversized || contentLength > Int64(maxRecordBytes) {
            oversized = true
            try handle(
                .oversized(
                    OversizedRecord(
                        form: form ?? .array, index: index, position: position, offset: recordStart.offset,
                        byteCount: contentLength)))
            return
        }
        try buffer.withUnsafeBufferPointer { bytes in
            try handle(
                .record(
                    Record(
                        form: form ?? .array, index: index, position: position, offset: recordStart.offset,
                        bytes: UnsafeBufferPointer(rebasing: bytes[..<Int(contentLength)]))))
        }
    }

    // MARK: failures

    private enum Problem {
        case empty, notUTF8, notRecords, missingValue, trailingContent, unclosedArray

        func message(found: String) -> String {
            switch self {
            case .empty: return "the document is empty"
            case .notUTF8: return "the document is not UTF-8 text"
            case .notRecords: return "expected a JSON array ('[') or NDJSON objects ('{'), found \(found)"
            case .missingValue: return "expected a record, found \(found)"
            case .trailingContent: return "unexpected content after the end of the JSON array, found \(found)"
            case .unclosedArray: return "the document ends before the JSON array is closed with ']'"
            }
        }
    }

    /// Stops the split at the byte `found` names (its chunk and index), or at the current position.
    private mutating func fail(_ problem: Problem, found: (UnsafeBufferPointer<UInt8>, Int)?) throws -> Never {
        let words = found.map { JSONExcerpt.describe($0.0, at: $0.1) } ?? "the end of the document"
        let failure: Failure
        if case .notUTF8 = problem {
            failure = Failure(
                position: JSONTextPosition(line: 1, column: 1), offset: 0, message: problem.message(found: words))
        } else {
            failure = Failure(
                position: JSONTextPosition(line: line, column: column), offset: bytesRead,
                message: problem.message(found: words))
        }
        phase = .failed(failure)
        throw failure
    }
}
