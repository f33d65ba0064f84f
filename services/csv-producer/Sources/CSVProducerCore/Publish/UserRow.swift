import Contracts
import Foundation

/// The users CSV: its columns, and how one of its records becomes a ``UserRecord``.
///
/// This type owns the CSV's syntax only: numbers and the e-mail address may be surrounded by spaces;
/// names are taken as they are; a time or `parent_user_id` of `-1` means none (`nil`). The values
/// are then held to the rules of every user (``UserRecordRules`` in Contracts, the ones
/// user-consumer's `POST /users` applies too), and every reason a row fails is reported.
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

    /// The user of a data record, or every reason it is invalid (`bad email_address "x@": …`), in
    /// column order.
    public static func parse(_ record: CSVRecord) -> Result<UserRecord, RowRejection> {
        if let problem = record.problem {
            return .failure(RowRejection(line: record.line, reasons: [problem], fields: record.fields))
        }
        guard record.fields.count == columns.count else {
            let reason = "wrong column count: expected \(columns.count), found \(record.fields.count)"
            return .failure(RowRejection(line: record.line, reasons: [reason], fields: record.fields))
        }
        let fields = record.fields
        // (column, reason): syntax first, then the rules on the values that parsed.
        var reasons: [(column: Int, reason: String)] = []
        func syntax(_ column: Int, _ problem: String) {
            reasons.append((column, "bad \(columns[column]) \(quoted(fields[column])): \(problem)"))
        }
        let id = integer(fields[0])
        if id == nil { syntax(0, "not an integer") }
        let email = String(trimmingSpaces(fields[3]))
        var times: [Int64?] = []
        for column in 4...6 {
            let value = integer(fields[column])
            if value == nil { syntax(column, "not an integer (Unix seconds, -1 for none)") }
            times.append(value == -1 ? nil : value)
        }
        let parent = integer(fields[7])
        if parent == nil { syntax(7, "not an integer (a user id, -1 for none)") }
        let user = UserRecord(
            id: id ?? 1, firstName: fields[1], lastName: fields[2], emailAddress: email, createdAt: times[0],
            deletedAt: times[1], mergedAt: times[2], parentUserID: parent == -1 ? nil : parent)
        let unparsed = Set(reasons.map { columns[$0.column] })
        for violation in UserRecordRules.violations(of: user) where !unparsed.contains(violation.field) {
            let column = columns.firstIndex(of: violation.field) ?? 0
            reasons.append((column, "bad \(violation.field) \(quoted(fields[column])): \(violation.problem)"))
        }
        guard reasons.isEmpty else {
            let ordered = reasons.enumerated().sorted {
                ($0.element.column, $0.offset) < ($1.element.column, $1.offset)
            }
            return .failure(RowRejection(line: record.line, reasons: ordered.map(\.element.reason), fields: fields))
        }
        return .success(user)
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
