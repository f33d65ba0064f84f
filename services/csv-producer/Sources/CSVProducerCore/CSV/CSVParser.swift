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

/// A streaming RFC 4180 parser of text records: ``CSVScanner``'s records (see it for the
/// guarantees) with each field decoded as UTF-8.
public struct CSVParser: Sendable {
    private var scanner = CSVScanner()

    public init() {}

    /// Parses `bytes`, appending every record they complete to `records`.
    public mutating func feed(_ bytes: some Sequence<UInt8>, into records: inout [CSVRecord]) {
        scanner.feed(bytes) { records.append(Self.decode($0)) }
    }

    /// Ends the input: the last record, if it had no line break, is appended to `records`.
    public mutating func finish(into records: inout [CSVRecord]) {
        scanner.finish { records.append(Self.decode($0)) }
    }

    private static func decode(_ raw: CSVRawRecord) -> CSVRecord {
        var invalidUTF8 = false
        var fields: [String] = []
        fields.reserveCapacity(raw.fieldCount)
        for index in 0..<raw.fieldCount {
            let field = raw.bytes[raw.range(ofField: index)]
            if !field.contains(where: { $0 >= 0x80 }) {
                fields.append(String(decoding: field, as: UTF8.self))  // ASCII: valid, and faster to check
            } else if let text = String(validating: field, as: UTF8.self) {
                fields.append(text)
            } else {
                invalidUTF8 = true
                fields.append(String(decoding: field, as: UTF8.self))
            }
        }
        let problem = raw.isUnterminated ? "unterminated quoted field" : invalidUTF8 ? "not valid UTF-8" : nil
        return CSVRecord(line: raw.line, fields: fields, problem: problem)
    }
}
