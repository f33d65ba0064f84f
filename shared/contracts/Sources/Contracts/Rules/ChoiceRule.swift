/// A value from a set the service configures, e.g. a role (`admin`, `member`, `viewer`). Exact
/// match: `Admin` is not `admin`.
public struct ChoiceRule: Sendable, Equatable {
    public let choices: Set<String>

    public init(_ choices: Set<String>) {
        precondition(!choices.isEmpty, "a choice rule needs at least one choice")
        self.choices = choices
    }

    public func violation(_ value: String, field: String) -> RuleViolation? {
        choices.contains(value)
            ? nil
            : RuleViolation(
                field: field, problem: "must be one of \(choices.sorted().joined(separator: ", "))",
                value: "\"\(value.count > 40 ? value.prefix(37) + "..." : Substring(value))\"")
    }
}
