import Contracts

/// A user of a submission, checked: what the consumer stores.
public struct SubmittedUser: Sendable, Equatable {
    public let name: String
    public let age: Int
    public let email: String?
    public let phone: String?
}

/// One problem of one submitted user: the user's index in the submission, the field (nil for the
/// user as a whole) and a sentence (``RuleViolation/description`` of the shared rules).
public struct SubmissionRecordError: Sendable, Equatable {
    public let index: Int
    public let field: String?
    public let reason: String

    public init(index: Int, field: String?, reason: String) {
        self.index = index
        self.field = field
        self.reason = reason
    }
}

/// Every rule a submitted user must meet, each problem collected (never only the first):
/// - an object with `name`, `age` and optionally `email` and `phone`, no other member;
/// - `name`: a string under ``NameRule/standard``;
/// - `age`: an integer under ``IntegerRangeRule/age`` (0 to 150);
/// - `email`: absent, null, or a string under ``EmailAddressRule``;
/// - `phone`: absent, null, or a string under ``PhoneNumberRule``.
public enum SubmittedUserRules {
    public static let fields = ["name", "age", "email", "phone"]

    /// What checking one user found.
    public enum Check: Sendable, Equatable {
        case valid(SubmittedUser)
        /// Every problem, in field order (unknown fields first).
        case invalid([SubmissionRecordError])
    }

    /// The user in `json`, or every problem it has.
    public static func check(_ json: [UInt8], index: Int) -> Check {
        let value: JSONValue
        do {
            value = try JSONValue.parse(json)
        } catch {
            return .invalid([SubmissionRecordError(index: index, field: nil, reason: error.message(in: json))])
        }
        guard let object = value.objectValue else {
            return .invalid([SubmissionRecordError(index: index, field: nil, reason: "a user must be a JSON object")])
        }
        var errors: [SubmissionRecordError] = []
        func add(_ field: String?, _ reason: String) {
            errors.append(SubmissionRecordError(index: index, field: field, reason: reason))
        }
        func add(_ violation: RuleViolation?) {
            if let violation { add(violation.field, violation.description) }
        }
        for unknown in object.keys.sorted() where !fields.contains(unknown) {
            add(unknown, "unknown field '\(unknown)'; a user has \(fields.joined(separator: ", "))")
        }
        var name: String?
        switch object["name"] {
        case nil, .null?: add("name", "field 'name' is required")
        case .string(let text)?:
            name = text
            add(NameRule.standard.violation(text, field: "name"))
        default: add("name", "field 'name' must be a string")
        }
        var age: Int?
        switch object["age"] {
        case nil, .null?: add("age", "field 'age' is required")
        case .int(let number)?:
            if let violation = IntegerRangeRule.age.violation(number, field: "age") {
                add(violation)
            } else {
                age = Int(number)
            }
        default: add("age", "field 'age' must be an integer")
        }
        let email = optionalString(object, "email", add: add) { EmailAddressRule.violation($0, field: "email") }
        let phone = optionalString(object, "phone", add: add) { PhoneNumberRule.violation($0, field: "phone") }
        guard errors.isEmpty, let name, let age else { return .invalid(errors) }
        return .valid(SubmittedUser(name: name, age: age, email: email, phone: phone))
    }

    private static func optionalString(
        _ object: [String: JSONValue], _ field: String, add: (String?, String) -> Void,
        rule: (String) -> RuleViolation?
    ) -> String? {
        switch object[field] {
        case nil, .null?: return nil
        case .string(let text)?:
            if let violation = rule(text) {
                add(field, violation.description)
                return nil
            }
            return text
        default:
            add(field, "field '\(field)' must be a string")
            return nil
        }
    }
}

/// A telephone number as people write it: an optional leading `+`, then 7 to 15 digits (E.164
/// allows 15) with spaces, `-`, `.`, `(` and `)` between them; nothing else, at most 32 characters.
public enum PhoneNumberRule {
    public static func problem(_ text: String) -> String? {
        guard text.utf8.count <= 32 else { return "must be at most 32 characters long" }
        var digits = 0
        for (position, byte) in text.utf8.enumerated() {
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digits += 1
            case UInt8(ascii: "+") where position == 0: continue
            case UInt8(ascii: " "), UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "("), UInt8(ascii: ")"): continue
            default: return "may hold only digits, spaces, -, ., ( and ) after an optional leading +"
            }
        }
        return (7...15).contains(digits) ? nil : "must have 7 to 15 digits (found \(digits))"
    }

    public static func violation(_ text: String, field: String) -> RuleViolation? {
        problem(text).map { RuleViolation(field: field, problem: "is not a telephone number: \($0)") }
    }
}
