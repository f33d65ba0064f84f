/// The query string of a request as name/value pairs, checked against the names an endpoint takes.
///
/// Guarantees: an unknown name, a name given twice or a value with a NUL character (PostgreSQL text
/// cannot hold one) is a ``QueryParameterError`` naming the parameter. An empty value (`level=`)
/// counts as not given, so a form or a URL template may leave a filter blank.
public struct QueryParameters: Sendable {
    private let values: [String: String]

    public init(_ pairs: [(name: String, value: String)], allowed: Set<String>) throws(QueryParameterError) {
        var values: [String: String] = [:]
        for (name, value) in pairs {
            guard allowed.contains(name) else {
                throw QueryParameterError(
                    parameter: name,
                    reason: "unknown parameter; expected one of \(allowed.sorted().joined(separator: ", "))")
            }
            guard values[name] == nil else {
                throw QueryParameterError(parameter: name, reason: "given more than once")
            }
            guard !value.utf8.contains(0) else {
                throw QueryParameterError(parameter: name, reason: "contains a NUL character")
            }
            values[name] = value
        }
        self.values = values
    }

    /// The value of `name`, or nil when it is absent or empty.
    public subscript(name: String) -> String? {
        guard let value = values[name], !value.isEmpty else { return nil }
        return value
    }

    /// A text value of at most `maximumLength` characters.
    public func text(_ name: String, maximumLength: Int) throws(QueryParameterError) -> String? {
        guard let value = self[name] else { return nil }
        guard value.count <= maximumLength else {
            throw QueryParameterError(
                parameter: name, reason: "longer than \(maximumLength) characters (\(value.count))")
        }
        return value
    }

    /// An ISO 8601 date-time (RFC 3339: `2026-11-21T06:02:13Z`, `…13.123+02:00`).
    public func time(_ name: String) throws(QueryParameterError) -> LogTime? {
        guard let value = self[name] else { return nil }
        guard let time = LogTime(iso8601: value) else {
            throw QueryParameterError(
                parameter: name,
                reason:
                    "expected an ISO 8601 date-time such as 2026-11-21T06:02:13Z or 2026-11-21T08:02:13.5+02:00, found \(Self.quoted(value))"
            )
        }
        return time
    }

    /// An integer in `range`.
    public func integer(_ name: String, in range: ClosedRange<Int>) throws(QueryParameterError) -> Int? {
        guard let value = self[name] else { return nil }
        guard let number = Int(value), range.contains(number) else {
            throw QueryParameterError(
                parameter: name,
                reason:
                    "expected an integer from \(range.lowerBound) to \(range.upperBound), found \(Self.quoted(value))")
        }
        return number
    }

    /// One of `choices`' raw values.
    public func choice<T: RawRepresentable & CaseIterable>(_ name: String, as: T.Type) throws(QueryParameterError) -> T?
    where T.RawValue == String {
        guard let value = self[name] else { return nil }
        guard let choice = T(rawValue: value) else {
            throw QueryParameterError(
                parameter: name,
                reason:
                    "expected one of \(T.allCases.map(\.rawValue).joined(separator: ", ")), found \(Self.quoted(value))"
            )
        }
        return choice
    }

    /// `value` in quotes (its own quotes and backslashes escaped), cut to a length fit for an error message.
    static func quoted(_ value: String) -> String {
        let limit = 60
        let shown = value.count > limit ? value.prefix(limit) + "…" : value
        return "\"" + shown.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
            + "\""
    }
}

/// A query parameter that cannot be used: a 400 whose body names it and says why.
public struct QueryParameterError: Error, Sendable, Equatable, CustomStringConvertible {
    public let parameter: String
    public let reason: String

    public init(parameter: String, reason: String) {
        self.parameter = parameter
        self.reason = reason
    }

    public var description: String { "\(parameter): \(reason)" }
}
