/// One record of a CSV file: its fields and the line it starts on.
public struct CSVRecord: Sendable, Equatable {
    /// The 1-based line of the file on which the record starts (a quoted field with embedded
    /// newlines makes a record span several lines; the next record's number counts them).
    public var line: Int
    public var fields: [String]
    /// Why the record cannot be trusted although it was read (a quoted field left open at the end
    /// of the file, bytes that are not UTF-8); `nil` for a well-formed record.
    public var problem: String?

    public init(line: Int, fields: [String], problem: String? = nil) {
        self.line = line
        self.fields = fields
        self.problem = problem
    }
}

/// A streaming RFC 4180 parser: feed it bytes in chunks of any size (down to one byte) and it
/// appends every record it completes.
///
/// Guarantees: quoted fields may hold commas, `""` (one quote) and line breaks; LF, CRLF and a
/// lone CR end a record; a UTF-8 byte order mark at the very start is dropped; blank lines are
/// skipped; the last record needs no line break (call ``finish(into:)``). Memory is bounded by the
/// longest record, whatever the file's size. Lenient where RFC 4180 is silent: a quote inside an
/// unquoted field, or text after a closing quote, is kept as text.
public struct CSVParser: Sendable {
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
    private var field: [UInt8] = []
    private var fields: [String] = []
    private var invalidUTF8 = false
    /// Whether the current record has any content yet (a blank line has none).
    private var recordStarted = false
    private var recordLine = 1
    private var line = 1
    /// Set after a CR that ended a record, so that the LF of a CRLF is not a blank line.
    private var skipLineFeed = false
    /// The first bytes of the stream, held until they are known to be (or not to be) a BOM.
    private var leading: [UInt8]? = []

    public init() {}

    /// Parses `bytes`, appending every record they complete to `records`.
    public mutating func feed(_ bytes: some Sequence<UInt8>, into records: inout [CSVRecord]) {
        for byte in bytes {
            if var held = leading {
                held.append(byte)
                if held == Self.bom {
                    leading = nil
                } else if Self.bom.starts(with: held) {
                    leading = held
                } else {
                    leading = nil
                    for heldByte in held { consume(heldByte, into: &records) }
                }
                continue
            }
            consume(byte, into: &records)
        }
    }

    /// Ends the input: the last record, if it had no line break, is appended to `records`.
    public mutating func finish(into records: inout [CSVRecord]) {
        if let held = leading {
            leading = nil
            for byte in held { consume(byte, into: &records) }
        }
        guard recordStarted else { return }
        let unterminated = state == .quoted
        endRecord(into: &records)
        if unterminated {
            records[records.count - 1].problem = "unterminated quoted field"
        }
    }

    private mutating func consume(_ byte: UInt8, into records: inout [CSVRecord]) {
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
            recordLine = line
        }
        switch state {
        case .fieldStart, .unquoted:
            switch byte {
            case quote where state == .fieldStart:
                state = .quoted
            case comma:
                endField()
            case lf, cr:
                endRecord(into: &records)
                if byte == lf { line += 1 } else { skipLineFeed = true }
            default:
                field.append(byte)
                state = .unquoted
            }
        case .quoted:
            if byte == quote {
                state = .quoteInQuoted
            } else {
                if byte == lf { line += 1 }
                field.append(byte)
            }
        case .quoteInQuoted:
            switch byte {
            case quote:
                field.append(quote)
                state = .quoted
            case comma:
                endField()
            case lf, cr:
                endRecord(into: &records)
                if byte == lf { line += 1 } else { skipLineFeed = true }
            default:
                field.append(byte)
                state = .unquoted
            }
        }
    }

    private mutating func endField() {
        if !field.contains(where: { $0 >= 0x80 }) {
            fields.append(String(decoding: field, as: UTF8.self))  // ASCII: valid, and faster to check
        } else if let text = String(validating: field, as: UTF8.self) {
            fields.append(text)
        } else {
            invalidUTF8 = true
            fields.append(String(decoding: field, as: UTF8.self))
        }
        field.removeAll(keepingCapacity: true)
        state = .fieldStart
    }

    private mutating func endRecord(into records: inout [CSVRecord]) {
        endField()
        records.append(CSVRecord(line: recordLine, fields: fields, problem: invalidUTF8 ? "not valid UTF-8" : nil))
        fields.removeAll(keepingCapacity: true)
        invalidUTF8 = false
        recordStarted = false
    }
}
