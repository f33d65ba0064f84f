import ServiceKit

extension EnvironmentReader {
    /// A duration written with its unit: `250ms`, `30s`, `10m`, `1h`; a bare integer is seconds.
    /// Used by the file sweeper's settings, whose natural units range from milliseconds (tests) to
    /// minutes (production).
    func duration(
        _ name: String, default defaultValue: Duration, in range: ClosedRange<Duration>
    ) throws(ConfigurationError) -> Duration {
        guard let text = raw(name) else { return defaultValue }
        let expected =
            "an integer with a unit (ms, s, m, h; seconds when none) from \(range.lowerBound) to \(range.upperBound)"
        guard let value = Self.parseDuration(text), range.contains(value) else {
            throw ConfigurationError(variable: name, value: text, expected: expected)
        }
        return value
    }

    static func parseDuration(_ text: String) -> Duration? {
        let digits = text.prefix { $0.isASCII && $0.isNumber }
        guard !digits.isEmpty, digits.count <= 12, let number = Int64(digits) else { return nil }
        switch text.dropFirst(digits.count).lowercased() {
        case "ms": return .milliseconds(number)
        case "", "s": return .seconds(number)
        case "m": return .seconds(number * 60)
        case "h": return .seconds(number * 3600)
        default: return nil
        }
    }
}
