/// What a person's name must be (first and last names today; any display name of user-api):
/// not empty or only white space, no control character (NUL, line breaks, tabs, DEL, C1 controls:
/// PostgreSQL `text` cannot hold NUL, and the others break CSV exports, logs and terminals), and at
/// most ``maximumLength`` characters. The name is kept as given (no trimming): the rule only checks.
public struct NameRule: Sendable, Equatable {
    /// The default limit: far above real names, low enough that a name cannot be used as storage.
    public static let defaultMaximumLength = 200
    public static let standard = NameRule()

    public let maximumLength: Int

    public init(maximumLength: Int = NameRule.defaultMaximumLength) {
        precondition(maximumLength >= 1, "a name rule must allow at least one character")
        self.maximumLength = maximumLength
    }

    /// Why `text` is not an acceptable name, or nil.
    public func problem(_ text: String) -> String? {
        if text.isEmpty { return "must not be empty" }
        // Control characters first, on the bytes: C0 and DEL are single bytes, C1 is 0xC2 0x80–0x9F.
        var previous: UInt8 = 0
        for byte in text.utf8 {
            if byte < 0x20 || byte == 0x7F || (previous == 0xC2 && (0x80...0x9F).contains(byte)) {
                return "must not contain a control character (NUL, line break, tab, …)"
            }
            previous = byte
        }
        if text.unicodeScalars.allSatisfy({ $0.properties.isWhitespace }) {
            return "must not be only white space"
        }
        if text.utf8.count > maximumLength, text.count > maximumLength {
            return "must be at most \(maximumLength) characters long (found \(text.count))"
        }
        return nil
    }

    /// The violation of `text` in `field`, or nil.
    public func violation(_ text: String, field: String) -> RuleViolation? {
        problem(text).map { RuleViolation(field: field, problem: $0) }
    }
}
