import Foundation
import Hummingbird

/// The one way services read a query string: name/value pairs checked against the names an
/// endpoint takes, then typed values, every problem a ``QueryParameterError`` (a 400 naming the
/// parameter) worded the same way in every service.
///
/// Policy:
/// - an unknown name is refused (`levle: unknown parameter; expected one of …`): a misspelt filter
///   must not silently widen an answer;
/// - a name given twice is refused (`given more than once`): there is no right one to pick;
/// - a value with a NUL character is refused (PostgreSQL text cannot hold one);
/// - an empty value (`level=`) counts as not given, so a form or URL template may leave one blank;
/// - typed readers say what they expected and echo what they found, quoted and cut to 60 characters:
///   `limit: expected an integer from 1 to 1000, found "0"`.
///
/// Values from a path segment or a header use the same wording through the static readers
/// (``integer(_:named:in:)``).
public struct QueryParameters: Sendable {
    private let values: [String: String]

    public init(_ pairs: [(name: String, value: String)], allowed: Set<String>) throws(QueryParameterError) {
        var values: [String: String] = [:]
        for (name, value) in pairs {
            guard allowed.contains(name) else {
                let expected = allowed.isEmpty ? "none" : "one of \(allowed.sorted().joined(separator: ", "))"
                throw QueryParameterError(parameter: name, reason: "unknown parameter; expected \(expected)")
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

    /// The query string of `request` (percent-decoded by Hummingbird).
    public init(_ request: Request, allowed: Set<String>) throws(QueryParameterError) {
        try self.init(Self.pairs(of: request), allowed: allowed)
    }

    /// Every name/value pair of `request`'s query string, repeats included.
    public static func pairs(of request: Request) -> [(name: String, value: String)] {
        request.uri.queryParameters.map { (name: String($0.key), value: String($0.value)) }
    }

    /// The value of `name`, or nil when it is absent or empty.
    public subscript(name: String) -> String? {
        guard let value = values[name], !value.isEmpty else { return nil }
        return value
    }

    /// The value of `name`; a ``QueryParameterError`` saying what it holds when it is absent.
    public func required(_ name: String, expected: String) throws(QueryParameterError) -> String {
        guard let value = self[name] else {
            throw QueryParameterError(parameter: name, reason: "required: \(expected)")
        }
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

    /// An integer in `range`.
    public func integer<T: FixedWidthInteger>(
        _ name: String, in range: ClosedRange<T>
    ) throws(QueryParameterError)
        -> T?
    {
        try self[name].map { text throws(QueryParameterError) in try Self.integer(text, named: name, in: range) }
    }

    /// `true` or `false`.
    public func boolean(_ name: String) throws(QueryParameterError) -> Bool? {
        try value(name, expected: "true or false") { ["true": true, "false": false][$0] }
    }

    /// One of the raw values of `T`.
    public func choice<T: RawRepresentable & CaseIterable>(_ name: String, as: T.Type) throws(QueryParameterError) -> T?
    where T.RawValue == String {
        try value(name, expected: "one of \(T.allCases.map(\.rawValue).joined(separator: ", "))") { T(rawValue: $0) }
    }

    /// A value `parse` understands (a date-time, a cursor, …); `expected` says what one looks like.
    public func value<T>(_ name: String, expected: String, _ parse: (String) -> T?) throws(QueryParameterError) -> T? {
        guard let text = self[name] else { return nil }
        guard let value = parse(text) else {
            throw QueryParameterError(parameter: name, reason: "expected \(expected), found \(Self.quoted(text))")
        }
        return value
    }

    /// `text` (a query value, a path segment, a header) as an integer in `range`, else an error
    /// naming `name`: `expected an integer from 1 to 1000`, `a positive integer`, `an integer ≥ 0`.
    public static func integer<T: FixedWidthInteger>(
        _ text: String, named name: String, in range: ClosedRange<T>
    ) throws(QueryParameterError) -> T {
        guard let value = T(text), range.contains(value) else {
            let expected: String
            switch (range.lowerBound, range.upperBound) {
            case (1, T.max): expected = "a positive integer"
            case (let lower, T.max): expected = "an integer ≥ \(lower)"
            case (let lower, let upper): expected = "an integer from \(lower) to \(upper)"
            }
            throw QueryParameterError(parameter: name, reason: "expected \(expected), found \(quoted(text))")
        }
        return value
    }

    /// `value` in quotes (its own quotes and backslashes escaped), cut to a length fit for an error message.
    public static func quoted(_ value: String) -> String {
        let limit = 60
        let shown = value.count > limit ? value.prefix(limit) + "…" : value
        return "\"" + shown.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
            + "\""
    }
}
