/// An id from the source (a user id, a parent user id): a positive integer.
public enum IdentifierRule {
    public static func violation(_ value: Int64, field: String) -> RuleViolation? {
        value > 0 ? nil : RuleViolation(field: field, problem: "must be a positive integer", value: "\(value)")
    }
}
