/// An integer within a range, e.g. an age (``age``: 0 to 150).
public struct IntegerRangeRule: Sendable, Equatable {
    public static let age = IntegerRangeRule(0...150)

    public let range: ClosedRange<Int64>

    public init(_ range: ClosedRange<Int64>) { self.range = range }

    public func violation(_ value: Int64, field: String) -> RuleViolation? {
        range.contains(value)
            ? nil
            : RuleViolation(
                field: field, problem: "must be an integer from \(range.lowerBound) to \(range.upperBound)",
                value: "\(value)")
    }
}
