import Contracts
import Foundation
import NIOCore

/// The bodies of `POST /users` (`{name, email, role}`, all required) and `PATCH /users/{email}`
/// (any of them, at least one), held to the shared rules: ``NameRule/standard`` for `name`,
/// ``EmailAddressRule`` for `email`, a ``ChoiceRule`` of the configured roles (`USER_ROLES`) for
/// `role`. A field it does not know is refused (a misspelt field would otherwise be dropped without
/// a word); the first problem found is the answer, naming its field.
public struct UserInput: Sendable, Equatable {
    public static let fields = ["email", "name", "role"]

    public var name: String?
    public var email: String?
    public var role: String?

    /// The fields of `body`, checked; `requireAll` for a create.
    public static func parse(
        _ body: ByteBuffer, roles: ChoiceRule, requireAll: Bool
    ) -> Result<UserInput, UserInputError> {
        let document: JSONValue
        do {
            document = try ContractCoding.decode(JSONValue.self, from: Data(body.readableBytesView))
        } catch {
            return .failure(UserInputError(field: nil, message: error.description))
        }
        guard let object = document.objectValue else {
            return .failure(
                UserInputError(
                    field: nil, message: "the body must be a JSON object with \(fields.joined(separator: ", "))"))
        }
        if let unknown = object.keys.filter({ !fields.contains($0) }).sorted().first {
            return .failure(
                UserInputError(
                    field: unknown, message: "unknown field '\(unknown)'; a user has \(fields.joined(separator: ", "))")
            )
        }
        var input = UserInput()
        for field in fields {
            guard let value = object[field] else {
                if requireAll { return .failure(UserInputError(field: field, message: "field '\(field)' is required")) }
                continue
            }
            guard let text = value.stringValue else {
                return .failure(UserInputError(field: field, message: "field '\(field)' must be a string"))
            }
            let violation: RuleViolation?
            switch field {
            case "name":
                violation = NameRule.standard.violation(text, field: field)
                input.name = text
            case "email":
                violation = EmailAddressRule.violation(text, field: field)
                input.email = text
            default:
                violation = roles.violation(text, field: field)
                input.role = text
            }
            if let violation { return .failure(UserInputError(field: field, message: violation.description)) }
        }
        if input.name == nil, input.email == nil, input.role == nil {
            return .failure(
                UserInputError(
                    field: nil, message: "nothing to change: give one or more of \(fields.joined(separator: ", "))"))
        }
        return .success(input)
    }
}

/// Why a body is not acceptable: the field at fault (nil for the body as a whole) and a sentence naming it.
public struct UserInputError: Error, Sendable, Equatable {
    public let field: String?
    public let message: String
}
