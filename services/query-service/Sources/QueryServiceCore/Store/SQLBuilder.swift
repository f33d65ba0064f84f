import PostgresNIO

/// Builds one SQL statement whose values all travel as bind parameters (`$1`, `$2`, …), never as
/// SQL text: only the fixed fragments the caller writes become SQL.
struct SQLBuilder {
    private(set) var sql = ""
    private(set) var binds = PostgresBindings()

    /// Appends SQL text written in this program.
    mutating func append(_ fragment: String) {
        sql += fragment
    }

    /// Appends the placeholder of a new bind parameter holding `value`.
    mutating func bind(_ value: some PostgresDynamicTypeEncodable) {
        binds.append(value)
        sql += "$\(binds.count)"
    }

    var query: PostgresQuery { PostgresQuery(unsafeSQL: sql, binds: binds) }
}
