import Contracts
import Foundation

/// The users CSV: its columns, and how one of its records becomes a ``UserRecord``.
///
/// Times are Unix seconds, `-1` meaning none (`nil`); `parent_user_id` is a positive id or `-1`.
/// Numbers and the e-mail address may be surrounded by spaces; names are taken as they are.
public enum UserRow {
    public static let columns = [
        "id", "first_name", "last_name", "email_address", "created_at", "deleted_at", "merged_at", "parent_user_id",
    ]

    /// Why the header record is not the users header, or `nil` when it is.
    public static func headerProblem(_ record: CSVRecord) -> String? {
        let names = record.fields.map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
        guard names != columns else { return nil }
        return
            "expected the header \"\(columns.joined(separator: ","))\", found \"\(record.fields.joined(separator: ","))\""
    }

    /// The user of a data record, or every reason it is invalid (`bad email_address "x@": …`).
    public static func parse(_ record: CSVRecord) -> Result<UserRecord, RowRejection> {
        if let problem = record.problem {
            return .failure(RowRejection(line: record.line, reasons: [problem], fields: record.fields))
        }
        guard record.fields.count == columns.count else {
            let reason = "wrong column count: expected \(columns.count), found \(record.fields.count)"
            return .failure(RowRejection(line: record.line, reasons: [reason], fields: record.fields))
        }
        let fields = record.fields
        var reasons: [String] = []
        let id = positiveInteger(fields[0])
        if id == nil { reasons.append("bad id \(quoted(fields[0])): not a positive integer") }
        let email = String(trimmingSpaces(fields[3]))
        if let problem = emailProblem(email) {
            reasons.append("bad email_address \(quoted(fields[3])): \(problem)")
        }
        var times: [Int64?] = []
        for index in 4...6 {
            guard let value = integer(fields[index]), value >= -1 else {
                reasons.append(
                    "bad \(columns[index]) \(quoted(fields[index])): not an integer ≥ -1 (Unix seconds, -1 for none)")
                continue
            }
            times.append(value == -1 ? nil : value)
        }
        var parent: Int64?
        if integer(fields[7]) == -1 {
            parent = nil
        } else if let value = positiveInteger(fields[7]) {
            parent = value
        } else {
            reasons.append("bad parent_user_id \(quoted(fields[7])): not a positive integer or -1")
        }
        guard reasons.isEmpty, let id else {
            return .failure(RowRejection(line: record.line, reasons: reasons, fields: fields))
        }
        return .success(
            UserRecord(
                id: id, firstName: fields[1], lastName: fields[2], emailAddress: email, createdAt: times[0],
                deletedAt: times[1], mergedAt: times[2], parentUserID: parent))
    }

    /// Why `text` is not a plausible e-mail address, or `nil`: one `@`, a non-empty local part, a
    /// domain of dot-separated labels (at least two), no spaces or control characters, ≤ 254 bytes.
    /// (Works on the UTF-8 bytes: it runs for every row of files with millions.)
    static func emailProblem(_ text: String) -> String? {
        let bytes = text.utf8
        if bytes.isEmpty { return "empty" }
        if bytes.count > 254 { return "longer than 254 bytes" }
        if bytes.contains(where: { $0 <= 0x20 || $0 == 0x7F })
            || (bytes.contains(where: { $0 >= 0x80 }) && text.unicodeScalars.contains { $0.properties.isWhitespace })
        {
            return "contains spaces or control characters"
        }
        let at = UInt8(ascii: "@")
        let dot = UInt8(ascii: ".")
        guard let atIndex = bytes.firstIndex(of: at), !bytes[bytes.index(after: atIndex)...].contains(at) else {
            return "expected exactly one @"
        }
        if atIndex == bytes.startIndex { return "nothing before the @" }
        let domain = bytes[bytes.index(after: atIndex)...]
        if domain.isEmpty { return "no domain after the @" }
        let labels = domain.split(separator: dot, omittingEmptySubsequences: false)
        if labels.count < 2 || labels.contains(where: \.isEmpty) { return "the domain is not a dotted name" }
        return nil
    }

    private static func integer(_ text: String) -> Int64? {
        Int64(trimmingSpaces(text))
    }

    /// `text` without the spaces and tabs around it.
    private static func trimmingSpaces(_ text: String) -> Substring {
        let isSpace = { (byte: UInt8) in byte == 0x20 || byte == 0x09 }
        let bytes = text.utf8
        guard let first = bytes.firstIndex(where: { !isSpace($0) }) else { return "" }
        let last = bytes.lastIndex(where: { !isSpace($0) })!
        return text[first..<bytes.index(after: last)]  // both ends on scalar boundaries
    }

    private static func positiveInteger(_ text: String) -> Int64? {
        guard let value = integer(text), value > 0 else { return nil }
        return value
    }

    /// `text` in double quotes, shortened to 60 characters, for a rejection reason.
    private static func quoted(_ text: String) -> String {
        let short = text.count > 60 ? text.prefix(57) + "..." : Substring(text)
        return "\"" + short.replacingOccurrences(of: "\"", with: "\\\"") + "\""
    }
}

/// A data record that is not a valid user: where it is, why, and what it held.
public struct RowRejection: Error, Sendable, Equatable {
    public var line: Int
    public var reasons: [String]
    public var fields: [String]

    /// `line 17: bad email_address "x@": nothing after the @`.
    public var message: String { "line \(line): \(reasons.joined(separator: "; "))" }
}
