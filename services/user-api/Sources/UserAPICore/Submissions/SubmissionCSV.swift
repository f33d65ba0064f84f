import Contracts
import ServiceKit

/// `text/csv` bodies of `POST /api/user` (RFC 4180): a header row naming the columns (`name` and
/// `age` required, `email` and `phone` optional, in any order), then one user per row. Fields may be
/// quoted (`"…"`, a quote inside doubled); rows end with `\n` or `\r\n`; blank lines are skipped.
/// Each row becomes the text of one JSON object (written with ``JSONWriter``), so the consumer
/// checks a CSV user exactly as a JSON one; an empty `email` or `phone` is left out.
enum SubmissionCSV {
    static let columns = ["name", "age", "email", "phone"]

    static func users(_ body: [UInt8], maximumUsers: Int, maximumUserBytes: Int) throws(APIError) -> [[UInt8]] {
        var rows = CSVRows(body)
        guard let header = try rows.next() else {
            throw APIError(.badRequest, "the CSV body has no header row", code: "invalid_csv")
        }
        var positions: [Int?] = Array(repeating: nil, count: columns.count)
        for (position, name) in header.fields.enumerated() {
            let column = name.trimmingCharacters(in: .whitespaces).lowercased()
            guard let known = columns.firstIndex(of: column) else {
                throw APIError(
                    .badRequest, "unknown CSV column '\(name)'; the columns are \(columns.joined(separator: ", "))",
                    code: "invalid_csv", field: name, line: header.line)
            }
            guard positions[known] == nil else {
                throw APIError(
                    .badRequest, "CSV column '\(column)' appears twice", code: "invalid_csv", field: column,
                    line: header.line)
            }
            positions[known] = position
        }
        for required in ["name", "age"] where positions[columns.firstIndex(of: required)!] == nil {
            throw APIError(
                .badRequest, "the CSV header must name the column '\(required)'", code: "invalid_csv", field: required,
                line: header.line)
        }
        var users: [[UInt8]] = []
        while let row = try rows.next() {
            let index = users.count
            guard index < maximumUsers else {
                throw APIError(
                    .contentTooLarge, "a submission holds at most \(maximumUsers) users", code: "too_many_users",
                    index: index, line: row.line)
            }
            guard row.fields.count == header.fields.count else {
                throw APIError(
                    .badRequest,
                    "CSV row \(index) has \(row.fields.count) fields; the header has \(header.fields.count)",
                    code: "invalid_csv", index: index, line: row.line)
            }
            let user = object(row.fields, positions: positions)
            if user.count > maximumUserBytes {
                throw SubmissionBody.tooLarge(index: index, bytes: user.count, limit: maximumUserBytes)
            }
            users.append(user)
        }
        return users
    }

    /// `{"name":…,"age":…,"email":…,"phone":…}` from one row.
    static func object(_ fields: [String], positions: [Int?]) -> [UInt8] {
        var writer = JSONWriter(capacity: 96)
        writer.raw("{")
        var first = true
        for (column, position) in zip(columns, positions) {
            guard let position else { continue }
            let value = fields[position]
            if column == "email" || column == "phone", value.isEmpty { continue }
            if !first { writer.raw(",") }
            first = false
            writer.string(column)
            writer.raw(":")
            if column == "age", isIntegerLiteral(value), let age = Int64(value) {
                writer.integer(age)
            } else {
                writer.string(value)
            }
        }
        writer.raw("}")
        return writer.bytes
    }

    /// `-?[0-9]+` without leading zeros, at most 18 digits: valid JSON that fits Int64.
    static func isIntegerLiteral(_ text: String) -> Bool {
        var digits = Substring(text)
        if digits.first == "-" { digits = digits.dropFirst() }
        guard (1...18).contains(digits.count), digits.allSatisfy({ $0.isASCII && $0.isNumber }) else { return false }
        return digits == "0" || digits.first != "0"
    }
}

/// The rows of a CSV text, each with its fields and the line it starts on.
struct CSVRows {
    struct Row {
        let fields: [String]
        let line: Int
    }

    private let bytes: [UInt8]
    private var index = 0
    private var line = 1

    init(_ bytes: [UInt8]) {
        self.bytes = bytes
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { index = 3 }
    }

    /// The next row that is not blank, or nil at the end.
    mutating func next() throws(APIError) -> Row? {
        while index < bytes.count {
            let startLine = line
            var fields: [String] = []
            var field: [UInt8] = []
            var quoted = false
            var wasQuoted = false
            rowLoop: while true {
                guard index < bytes.count else {
                    if quoted {
                        throw APIError(
                            .badRequest, "a quoted CSV field that starts on line \(startLine) is never closed",
                            code: "invalid_csv", line: startLine)
                    }
                    break rowLoop
                }
                let byte = bytes[index]
                index += 1
                if quoted {
                    if byte == UInt8(ascii: "\"") {
                        if index < bytes.count, bytes[index] == UInt8(ascii: "\"") {
                            field.append(byte)
                            index += 1
                        } else {
                            quoted = false
                        }
                    } else {
                        if byte == UInt8(ascii: "\n") { line += 1 }
                        field.append(byte)
                    }
                    continue
                }
                switch byte {
                case UInt8(ascii: "\"") where field.isEmpty && !wasQuoted:
                    quoted = true
                    wasQuoted = true
                case UInt8(ascii: ","):
                    fields.append(String(decoding: field, as: UTF8.self))
                    field.removeAll(keepingCapacity: true)
                    wasQuoted = false
                case UInt8(ascii: "\n"):
                    line += 1
                    break rowLoop
                case UInt8(ascii: "\r") where index < bytes.count && bytes[index] == UInt8(ascii: "\n"):
                    continue
                default:
                    if wasQuoted {
                        throw APIError(
                            .badRequest, "unexpected text after a closing quote in CSV line \(line)",
                            code: "invalid_csv", line: line)
                    }
                    field.append(byte)
                }
            }
            fields.append(String(decoding: field, as: UTF8.self))
            if fields.count == 1, fields[0].isEmpty, !wasQuoted { continue }
            return Row(fields: fields, line: startLine)
        }
        return nil
    }
}
