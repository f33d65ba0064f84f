import Contracts
import Foundation
import NIOCore

/// The body of `POST /users`: one user object, checked like a row of the users CSV.
///
/// Rules: exactly the fields of a user (`id`, `first_name`, `last_name`, `email_address`,
/// `created_at`, `deleted_at`, `merged_at`, `parent_user_id`); a field it does not know is an error
/// (a misspelt optional field would otherwise be dropped without a word). `id`, the names and the
/// address are required; the times and `parent_user_id` may be absent or `null`.
/// - `id`: a positive integer;
/// - `first_name`, `last_name`: non-empty strings without NUL;
/// - `email_address`: one `@`, something before it, a dotted domain after it, no spaces or control
///   characters, at most 254 bytes (the CSV's rule);
/// - `created_at`, `deleted_at`, `merged_at`: Unix seconds from 0 to 253402300799 (the year 9999),
///   or `-1` or `null` for none;
/// - `parent_user_id`: a positive integer or `null`.
public enum NewUserInput {
    public static let fields: Set<String> = [
        "id", "first_name", "last_name", "email_address", "created_at", "deleted_at", "merged_at", "parent_user_id",
    ]

    /// The latest time the `users` table holds: the end of the year 9999.
    static let latestSeconds: Int64 = 253_402_300_799

    /// The user in `body`, with `-1` times turned into `nil`, or what is wrong with it.
    public static func parse(_ body: ByteBuffer) -> Result<UserRecord, UserInputError> {
        let data = Data(body.readableBytesView)
        let document: JSONValue
        do {
            document = try ContractCoding.decode(JSONValue.self, from: data)
        } catch {
            return .failure(UserInputError(field: nil, message: error.description))
        }
        guard let object = document.objectValue else {
            return .failure(UserInputError(field: nil, message: "the body must be a JSON object holding one user"))
        }
        if let unknown = object.keys.filter({ !fields.contains($0) }).sorted().first {
            return .failure(
                UserInputError(
                    field: unknown,
                    message: "unknown field '\(unknown)'; a user has \(fields.sorted().joined(separator: ", "))"))
        }
        let record: UserRecord
        do {
            record = try ContractCoding.decode(UserRecord.self, from: data)
        } catch {
            return .failure(UserInputError(field: error.path.isEmpty ? nil : error.path, message: error.description))
        }
        return validate(record)
    }

    /// `record` with `-1` times as `nil`, or the first field that breaks a rule.
    static func validate(_ record: UserRecord) -> Result<UserRecord, UserInputError> {
        func failure(_ field: String, _ problem: String) -> Result<UserRecord, UserInputError> {
            .failure(UserInputError(field: field, message: "field '\(field)' \(problem)"))
        }
        if record.id <= 0 { return failure("id", "must be a positive integer, found \(record.id)") }
        for (field, name) in [("first_name", record.firstName), ("last_name", record.lastName)] {
            if name.isEmpty { return failure(field, "must not be empty") }
            if name.utf8.contains(0) { return failure(field, "must not contain a NUL character") }
        }
        if let problem = EmailAddressRule.problem(record.emailAddress) {
            return failure("email_address", "is not an e-mail address: \(problem)")
        }
        var times: [Int64?] = []
        for (field, value) in [
            ("created_at", record.createdAt), ("deleted_at", record.deletedAt), ("merged_at", record.mergedAt),
        ] {
            guard let value, value != -1 else {
                times.append(nil)
                continue
            }
            guard (0...latestSeconds).contains(value) else {
                return failure(
                    field, "must be Unix seconds from 0 to \(latestSeconds), or -1 or null for none, found \(value)")
            }
            times.append(value)
        }
        if let parent = record.parentUserID, parent <= 0 {
            return failure("parent_user_id", "must be a positive integer or null, found \(parent)")
        }
        return .success(
            UserRecord(
                id: record.id, firstName: record.firstName, lastName: record.lastName,
                emailAddress: record.emailAddress, createdAt: times[0], deletedAt: times[1], mergedAt: times[2],
                parentUserID: record.parentUserID))
    }
}

/// Why a `POST /users` body is not a valid user: the field at fault (nil for the body as a whole)
/// and a sentence naming it.
public struct UserInputError: Error, Sendable, Equatable {
    public let field: String?
    public let message: String
}
