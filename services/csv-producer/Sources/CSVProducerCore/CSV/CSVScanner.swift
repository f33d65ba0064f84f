/// A record of a CSV file as raw bytes: the fields' bytes one after another, unquoted, and where
/// each field ends. Valid only during the callback that receives it.
public struct CSVRawRecord: Sendable {
    /// The 1-based line of the file on which the record starts.
    public var line: Int
    public var bytes: [UInt8]
    /// The end offset in `bytes` of each field; field `i` starts where field `i - 1` ends.
    public var fieldEnds: [Int]
    /// The file ended inside a quoted field of this record.
    public var isUnterminated: Bool

    public var fieldCount: Int { fieldEnds.count }

    /// The byte range of field `index` in `bytes`.
    @inline(__always)
    public func range(ofField index: Int) -> Range<Int> {
        (index == 0 ? 0 : fieldEnds[index - 1])..<fieldEnds[index]
    }
}

/// The RFC 4180 state machine of ``CSVParser``, on bytes: feed it chunks of any size (down to one
/// byte) and it calls back with every record it completes, fields unquoted but not decoded, so
/// that a caller which wants numbers (the ETL) never builds strings.
///
/// Guarantees: quoted fields may hold commas, `""` (one quote) and line breaks; LF, CRLF and a
/// lone CR end a record; a UTF-8 byte order mark at the very start is dropped; blank lines are
/// skipped; the last record needs no line break (call ``finish(_:)``). Memory is bounded by the
/// longest record, whatever the file's size. Lenient where RFC 4180 is silent: a quote inside an
/// unquoted field, or text after a closing quote, is kept as text.
public struct CSVScanner: Sendable {
    private enum State: Sendable {
        /// At the start of a field (after a comma or at the start of a record).
        case fieldStart
        case unquoted
        case quoted
        /// Inside a quoted field, just after a quote: `""` or the end of the quotes.
        case quoteInQuoted
    }

    private static let bom: [UInt8] = [0xEF, 0xBB, 0xBF]

    private var state = State.fieldStart
    private var record = CSVRawRecord(line: 1, bytes: [], fieldEnds: [], isUnterminated: false)
    /// Whether the current record has any content yet (a blank line has none).
    private var recordStarted = false
    private var line = 1
    /// Set after a CR that ended a record, so that the LF of a CRLF is not a blank line.
    private var skipLineFeed = false
    /// The first bytes of the stream, held until they are known to be (or not to be) a BOM.
    private var leading: [UInt8]? = []

    public init() {
        record.bytes.reserveCapacity(256)
        record.fieldEnds.reserveCapacity(16)
    }

    /// Scans `bytes`, calling `onRecord` with every record they complete.
    public mutating func feed(_ bytes: some Sequence<UInt8>, _ onRecord: (CSVRawRecord) throws -> Void) rethrows {
        for byte in bytes {
            try feedByte(byte, onRecord)
        }
    }

    /// Scans `bytes` as ``feed(_:_:)-(some Sequence<UInt8>,_)`` does, but copies each run of
    /// plain bytes inside an unquoted field at once instead of deciding byte by byte: the fast path
    /// for large files.
    public mutating func feed(_ bytes: UnsafeRawBufferPointer, _ onRecord: (CSVRawRecord) throws -> Void) rethrows {
        var index = 0
        let count = bytes.count
        while index < count {
            if holdingLeadingBytes || skipLineFeed || !recordStarted || !(state == .unquoted || state == .fieldStart) {
                try feedByte(bytes[index], onRecord)
                index += 1
                continue
            }
            var end = index
            while end < count {
                let byte = bytes[end]
                if byte == 0x2C || byte == 0x0A || byte == 0x0D || byte == 0x22 { break }
                end += 1
            }
            if end > index {
                // Typed, so that append copies with memcpy rather than byte by byte.
                record.bytes.append(
                    contentsOf: UnsafeRawBufferPointer(rebasing: bytes[index..<end]).assumingMemoryBound(to: UInt8.self)
                )
                state = .unquoted
                index = end
            }
            if index < count {
                try feedByte(bytes[index], onRecord)
                index += 1
            }
        }
    }

    private var holdingLeadingBytes: Bool { leading != nil }

    @inline(__always)
    private mutating func feedByte(_ byte: UInt8, _ onRecord: (CSVRawRecord) throws -> Void) rethrows {
        if leading == nil {
            try consume(byte, onRecord)
        } else {
            try hold(byte, onRecord)
        }
    }

    /// Ends the input: the last record, if it had no line break, is passed to `onRecord`.
    public mutating func finish(_ onRecord: (CSVRawRecord) throws -> Void) rethrows {
        if let held = leading {
            leading = nil
            for byte in held { try consume(byte, onRecord) }
        }
        guard recordStarted else { return }
        record.isUnterminated = state == .quoted
        try endRecord(onRecord)
    }

    private mutating func hold(_ byte: UInt8, _ onRecord: (CSVRawRecord) throws -> Void) rethrows {
        var held = leading ?? []
        held.append(byte)
        if held == Self.bom {
            leading = nil
        } else if Self.bom.starts(with: held) {
            leading = held
        } else {
            leading = nil
            for heldByte in held { try consume(heldByte, onRecord) }
        }
    }

    private mutating func consume(_ byte: UInt8, _ onRecord: (CSVRawRecord) throws -> Void) rethrows {
        let quote: UInt8 = 0x22
        let comma: UInt8 = 0x2C
        let lf: UInt8 = 0x0A
        let cr: UInt8 = 0x0D
        if skipLineFeed {
            skipLineFeed = false
            if byte == lf {
                line += 1
                return
            }
        }
        if !recordStarted {
            if byte == lf || byte == cr {
                // A blank line.
                if byte == lf { line += 1 } else { skipLineFeed = true }
                return
            }
            recordStarted = true
            record.line = line
        }
        switch state {
        case .quoted:
            if byte == quote {
                state = .quoteInQuoted
            } else {
                if byte == lf { line += 1 }
                record.bytes.append(byte)
            }
        case .fieldStart, .unquoted, .quoteInQuoted:
            switch byte {
            case quote where state == .fieldStart:
                state = .quoted
            case quote where state == .quoteInQuoted:
                record.bytes.append(quote)  // "" inside quotes
                state = .quoted
            case comma, lf, cr:
                try endFieldOrRecord(at: byte, onRecord)
            default:
                // Also a quote inside an unquoted field, and text after a closing quote: kept.
                record.bytes.append(byte)
                state = .unquoted
            }
        }
    }

    /// A comma or a line break outside quotes: the end of a field, or of the record.
    private mutating func endFieldOrRecord(at byte: UInt8, _ onRecord: (CSVRawRecord) throws -> Void) rethrows {
        if byte == 0x2C {
            endField()
            return
        }
        try endRecord(onRecord)
        if byte == 0x0A { line += 1 } else { skipLineFeed = true }
    }

    private mutating func endField() {
        record.fieldEnds.append(record.bytes.count)
        state = .fieldStart
    }

    private mutating func endRecord(_ onRecord: (CSVRawRecord) throws -> Void) rethrows {
        endField()
        defer {
            record.bytes.removeAll(keepingCapacity: true)
            record.fieldEnds.removeAll(keepingCapacity: true)
            record.isUnterminated = false
            recordStarted = false
        }
        try onRecord(record)
    }
}
