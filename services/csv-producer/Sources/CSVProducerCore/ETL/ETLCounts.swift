/// What the ETL did to the rows, one count per rule.
public struct ETLCounts: Sendable, Equatable {
    /// Data rows of the input (the header not counted).
    public var rowsRead = 0
    /// Rows dropped because an earlier row had their `order_id`.
    public var duplicatesDropped = 0
    /// Rows kept whose empty `quantity` became 1.
    public var quantitiesFilled = 0
    /// Rows dropped for an empty (or missing-value) `order_date`.
    public var missingDatesDropped = 0
    /// Rows dropped for an `order_date` that is not an ISO calendar date.
    public var invalidDatesDropped = 0
    public var rowsWritten = 0
    /// Passes over the input: one, plus one each time a later value changed a column's type
    /// (the way pandas infers types from the whole file), which restarts the output.
    public var passes = 1

    public init() {}
}

/// Why the ETL stopped.
public enum ETLError: Error, Equatable, CustomStringConvertible {
    /// The CSV itself is broken at `line` (1-based, as an editor counts).
    case malformedLine(line: Int, reason: String)
    case wrongHeader(found: String)
    case io(path: String, message: String)

    public var description: String {
        switch self {
        case .malformedLine(let line, let reason): "line \(line): \(reason)"
        case .wrongHeader(let found):
            "the header must be \(SalesColumn.names.joined(separator: ",")), found: \(found)"
        case .io(let path, let message): "\(path): \(message)"
        }
    }
}

/// A value of a column needs a more general type than the pass assumed; the pass starts over
/// with these kinds.
struct KindsWidened: Error {
    var kinds: ColumnKinds
}
