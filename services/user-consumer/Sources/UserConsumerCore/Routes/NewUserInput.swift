import Contracts
import Foundation
import NIOCore

/// The body of `POST /users`: one user object, held to the rules of every user
/// (``UserRecordRules`` in Contracts, the ones `csv-producer publish` applies to each row).
///
/// What is this surface's own: exactly the fields of a user (`id`, `first_name`, `last_name`,
/// `email_address`, `created_at`, `deleted_at`, `merged_at`, `parent_user_id`); a field it does not
/// know is an error (a misspelt optional field would otherwise be dropped without a word). `id`, the
/// names and the address are required; the times and `parent_user_id` may be absent or `null`, and a
/// time of `-1` means none (as in the CSV). The first rule broken is the answer.
public enum NewUserInput {
    public static let fields: Set<String> = [
        "id", "first_name", "last_name", "email_address", "created_at", "deleted_at", "merged_at", "parent_user_id",
    ]

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
        let none: (Int64?) -> Int64? = { $0 == -1 ? nil : $0 }
        let user = UserRecord(
            id: record.id, firstName: record.firstName, lastName: record.lastName,
            emailAddress: record.emailAddress, createdAt: none(record.createdAt), deletedAt: none(record.deletedAt),
            mergedAt: none(record.mergedAt), parentUserID: record.parentUserID)
        if let violation = UserRecordRules.violations(of: user).first {
            return .failure(UserInputError(field: violation.field, message: violation.description))
        }
        return .success(user)
    }
}

/// Why a `POST /users` body is not a valid user: the field at fault (nil for the body as a whole)
/// and a sentence naming it.
public struct UserInputError: Error, Sendable, Equatable {
    public let field: String?
    public let message: String
}
