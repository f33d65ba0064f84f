/// A time stored as Unix seconds: from 1970 to the end of the year 9999, the range a PostgreSQL
/// `timestamptz` written and read back by every client holds. `nil` means none; how a surface
/// spells none (`-1` in the CSV and the API, `null` in JSON) is the surface's business.
public enum UnixTimeRule {
    /// 9999-12-31T23:59:59Z.
    public static let latestSeconds: Int64 = 253_402_300_799
    public static let range: ClosedRange<Int64> = 0...latestSeconds

    public static func violation(_ value: Int64?, field: String) -> RuleViolation? {
        guard let value, !range.contains(value) else { return nil }
        return RuleViolation(
            field: field, problem: "must be Unix seconds from 0 to \(latestSeconds), or none", value: "\(value)")
    }
}
