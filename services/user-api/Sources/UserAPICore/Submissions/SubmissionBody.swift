import Contracts
import ServiceKit

/// The body of `POST /api/user`, checked for its shape only: one user object, a JSON array of up to
/// ``SubmissionsConfig/maximumUsers`` of them, or `text/csv` with a header row. The values of each
/// user (name, age, email, phone) are the consumer's to check (``SubmittedUserRules``), so one bad
/// user is that user's error, never the whole submission's.
///
/// What it answers: each user as the text of one JSON object, in the client's order (a CSV row
/// becomes `{"name":…,"age":…}`: an age that is an integer literal stays a number, anything else a
/// string the consumer will refuse). What it refuses, with the position: not JSON or not objects
/// (400, with `index`, `line`, `column`), no users (400), more users than allowed or a user larger
/// than a message can carry (413), another media type (415).
public enum SubmissionBody {
    public enum Format: Sendable, Equatable {
        case json
        case csv
    }

    /// The format `contentType` names, else a 415.
    public static func format(_ contentType: String?) throws(APIError) -> Format {
        if JSONRequestBody.isJSON(contentType) { return .json }
        let mediaType = contentType?.split(separator: ";", maxSplits: 1).first ?? ""
        if mediaType.trimmingCharacters(in: .whitespaces).lowercased() == "text/csv" { return .csv }
        throw APIError(
            .unsupportedMediaType,
            "Content-Type must be application/json or text/csv, found \(contentType.map { "'\($0)'" } ?? "none")",
            parameter: "Content-Type")
    }

    /// The users of `body`, each as the text of one JSON object; `maximumUserBytes` bounds one user
    /// (it must fit a message with its envelope).
    public static func users(
        _ body: [UInt8], format: Format, maximumUsers: Int = SubmissionsConfig.maximumUsers, maximumUserBytes: Int
    ) throws(APIError) -> [[UInt8]] {
        let users: [[UInt8]]
        switch format {
        case .json: users = try jsonUsers(body, maximumUsers: maximumUsers, maximumUserBytes: maximumUserBytes)
        case .csv:
            users = try SubmissionCSV.users(body, maximumUsers: maximumUsers, maximumUserBytes: maximumUserBytes)
        }
        if users.isEmpty { throw APIError(.badRequest, "the body holds no users", code: "no_users") }
        return users
    }

    static func jsonUsers(_ body: [UInt8], maximumUsers: Int, maximumUserBytes: Int) throws(APIError) -> [[UInt8]] {
        var start = 0
        if body.starts(with: [0xEF, 0xBB, 0xBF]) { start = 3 }
        while start < body.count, [0x20, 0x09, 0x0A, 0x0D].contains(body[start]) { start += 1 }
        guard start < body.count else { throw APIError(.badRequest, "the body is empty", code: "invalid_json") }
        switch body[start] {
        case UInt8(ascii: "{"): return [try singleUser(body, maximumUserBytes: maximumUserBytes)]
        case UInt8(ascii: "["):
            return try arrayOfUsers(body, maximumUsers: maximumUsers, maximumUserBytes: maximumUserBytes)
        default:
            let position = body.withUnsafeBufferPointer { JSONTextPosition(offset: start, in: $0) }
            throw APIError(
                .badRequest, "expected a user object or an array of user objects", code: "invalid_json",
                line: position.line, column: position.column)
        }
    }

    private static func singleUser(_ body: [UInt8], maximumUserBytes: Int) throws(APIError) -> [UInt8] {
        let found = body.withUnsafeBufferPointer { bytes -> Result<Range<Int>, APIError> in
            var reader = JSONReader(bytes)
            do throws(JSONSyntaxError) {
                reader.skipWhitespace()
                let range = try reader.skipValueReturningRange()
                try reader.expectEnd()
                return range.count > maximumUserBytes
                    ? .failure(tooLarge(index: 0, bytes: range.count, limit: maximumUserBytes)) : .success(range)
            } catch {
                let position = JSONTextPosition(offset: error.offset, in: bytes)
                return .failure(
                    APIError(
                        .badRequest, error.message(in: bytes), code: "invalid_json", line: position.line,
                        column: position.column))
            }
        }
        return Array(body[try found.get()])
    }

    private static func arrayOfUsers(
        _ body: [UInt8], maximumUsers: Int, maximumUserBytes: Int
    ) throws(APIError) -> [[UInt8]] {
        var splitter = JSONRecordSplitter(maxRecordBytes: maximumUserBytes)
        var users: [[UInt8]] = []
        let handle: (JSONRecordSplitter.Event) throws -> Void = { event in
            switch event {
            case .oversized(let record):
                throw tooLarge(index: record.index, bytes: Int(record.byteCount), limit: maximumUserBytes)
            case .record(let record):
                guard record.index < maximumUsers else {
                    throw APIError(
                        .contentTooLarge, "a submission holds at most \(maximumUsers) users", code: "too_many_users",
                        index: record.index)
                }
                guard record.bytes.first == UInt8(ascii: "{") else {
                    throw APIError(
                        .badRequest, "user \(record.index) is not a JSON object", code: "invalid_json",
                        index: record.index, line: record.position.line, column: record.position.column)
                }
                if let error = record.syntaxError() {
                    let position = record.position(ofByte: error.offset)
                    throw APIError(
                        .badRequest, "user \(record.index): \(error.message(in: record.bytes))", code: "invalid_json",
                        index: record.index, line: position.line, column: position.column)
                }
                users.append(Array(record.bytes))
            }
        }
        do {
            try body.withUnsafeBufferPointer { bytes in try splitter.feed(bytes, handle) }
            try splitter.finish(handle)
        } catch let error as APIError {
            throw error
        } catch let failure as JSONRecordSplitter.Failure {
            throw APIError(
                .badRequest, failure.message, code: "invalid_json", line: failure.position.line,
                column: failure.position.column)
        } catch {
            throw APIError(.badRequest, "\(error)", code: "invalid_json")
        }
        return users
    }

    static func tooLarge(index: Int, bytes: Int, limit: Int) -> APIError {
        APIError(
            .contentTooLarge, "user \(index) is \(bytes) bytes long; one user may take at most \(limit)",
            code: "user_too_large", index: index)
    }
}
