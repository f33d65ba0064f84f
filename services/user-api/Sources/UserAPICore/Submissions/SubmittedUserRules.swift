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
    ///
    /// Read in one pass with ``JSONReader`` (no value tree: this runs for every user of a
    /// submission); the answer is what reading the whole value would give: a syntax error or a
    /// repeated key is the user's one error, integral numbers such as `36.0` are integers.
    public static func check(_ json: [UInt8], index: Int) -> Check {
        json.withUnsafeBufferPointer { check($0, index: index) }
    }

    /// One member's value, as far as the rules care.
    enum Member: Equatable {
        case absent
        case null
        case string(String)
        case integer(Int64)
        /// Another kind of value (or a number that is not an integer).
        case other
    }

    private static func check(_ bytes: UnsafeBufferPointer<UInt8>, index: Int) -> Check {
        var members: [Member] = [.absent, .absent, .absent, .absent]
        var unknown: [String] = []
        var reader = JSONReader(bytes)
        do throws(JSONSyntaxError) {
            reader.skipWhitespace()
            guard reader.peek() == UInt8(ascii: "{") else {
                try reader.skipValue()
                try reader.expectEnd()
                return .invalid([
                    SubmissionRecordError(index: index, field: nil, reason: "a user must be a JSON object")
                ])
            }
            try reader.beginObject()
            var first = true
            while let key = try reader.nextMember(&first) {
                let keyOffset = reader.index
                reader.skipWhitespace()
                guard let position = fields.firstIndex(of: key) else {
                    if unknown.contains(key) {
                        throw JSONSyntaxError(offset: keyOffset, reason: .duplicateKey(key))
                    }
                    unknown.append(key)
                    try reader.skipValue()
                    continue
                }
                guard members[position] == .absent else {
                    throw JSONSyntaxError(offset: keyOffset, reason: .duplicateKey(key))
                }
                members[position] = try readMember(&reader)
            }
            try reader.expectEnd()
        } catch {
            return .invalid([SubmissionRecordError(index: index, field: nil, reason: error.message(in: bytes))])
        }
        var errors: [SubmissionRecordError] = []
        func add(_ field: String?, _ reason: String) {
            errors.append(SubmissionRecordError(index: index, field: field, reason: reason))
        }
        for key in unknown.sorted() {
            add(key, "unknown field '\(key)'; a user has \(fields.joined(separator: ", "))")
        }
        var name: String?
        switch members[0] {
        case .absent, .null: add("name", "field 'name' is required")
        case .string(let text):
            if let violation = NameRule.standard.violation(text, field: "name") {
                add("name", violation.description)
            } else {
                name = text
            }
        default: add("name", "field 'name' must be a string")
        }
        var age: Int?
        switch members[1] {
        case .absent, .null: add("age", "field 'age' is required")
        case .integer(let number):
            if let violation = IntegerRangeRule.age.violation(number, field: "age") {
                add("age", violation.description)
            } else {
                age = Int(number)
            }
        default: add("age", "field 'age' must be an integer")
        }
        let email = optionalString(members[2], "email", add: add) { EmailAddressRule.violation($0, field: "email") }
        let phone = optionalString(members[3], "phone", add: add) { PhoneNumberRule.violation($0, field: "phone") }
        guard errors.isEmpty, let name, let age else { return .invalid(errors) }
        return .valid(SubmittedUser(name: name, age: age, email: email, phone: phone))
    }

    private static func readMember(_ reader: inout JSONReader) throws(JSONSyntaxError) -> Member {
        guard let next = reader.peek() else { throw JSONSyntaxError(offset: reader.index, reason: .expectedValue) }
        switch next {
        case UInt8(ascii: "\""): return .string(try reader.readString())
        case UInt8(ascii: "n"):
            _ = try reader.consumeNull()
            return .null
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
            let token = try reader.scanNumber()
            if token.isInteger, let value = reader.integerValue(token) { return .integer(value) }
            let value = try reader.doubleValue(token)
            // As JSONValue reads numbers: an integral value that fits Int64 is an integer.
            if value == value.rounded(), value >= -9.223_372_036_854_775_808e18, value < 9.223_372_036_854_775_808e18 {
                return .integer(Int64(value))
            }
            return .other
        default:
            try reader.skipValue()
            return .other
        }
    }

    private static func optionalString(
        _ member: Member, _ field: String, add: (String?, String) -> Void, rule: (String) -> RuleViolation?
    ) -> String? {
        switch member {
        case .absent, .null: return nil
        case .string(let text):
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
