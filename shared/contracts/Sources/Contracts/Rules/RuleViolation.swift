/// One value that breaks one rule: the field it is in, what the rule asks of it, and the value as
/// it may be shown back (nil where echoing it is pointless or unwanted, e.g. an e-mail address).
///
/// `problem` is a predicate that reads after the field's name: "must be a positive integer",
/// "is not an e-mail address: nothing before the @". Each surface words the whole sentence its own
/// way (an API answer, a CSV rejection line) around the same rule text.
public struct RuleViolation: Error, Sendable, Equatable, CustomStringConvertible {
    public let field: String
    public let problem: String
    public let value: String?

    public init(field: String, problem: String, value: String? = nil) {
        self.field = field
        self.problem = problem
        self.value = value
    }

    /// `field 'id' must be a positive integer, found 0`.
    public var description: String {
        "field '\(field)' \(problem)" + (value.map { ", found \($0)" } ?? "")
    }
}
