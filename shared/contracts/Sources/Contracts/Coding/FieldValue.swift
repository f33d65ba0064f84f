import Foundation

/// What a field must hold, as words for an error message and as the JSON kind that decides whether the message
/// shows the offending value (`found "abc"`) or only its kind (`found a string`).
struct FieldExpectation: Sendable {
    let phrase: String
    /// `nil` when no JSON kind fits (the value's kind is then always named rather than quoted).
    let kind: JSONValue.Kind?

    static let string = FieldExpectation(phrase: "a string", kind: .string)
    static let integer = FieldExpectation(phrase: "an integer", kind: .number)
    static let number = FieldExpectation(phrase: "a number", kind: .number)
    static let boolean = FieldExpectation(phrase: "a boolean", kind: .bool)
    static let object = FieldExpectation(phrase: "an object", kind: .object)
    static let array = FieldExpectation(phrase: "an array", kind: .array)
    static let uuid = FieldExpectation(phrase: "a UUID", kind: .string)
    static let dateTime = FieldExpectation(phrase: "an ISO 8601 date-time", kind: .string)
}

/// A type that a contract field can hold, with the contract's own wire representation.
///
/// The defaults use the type's `Codable` conformance; `Date`, `UUID` and `Double` override them so that the wire
/// format does not depend on the encoder's or decoder's strategies.
protocol FieldValue {
    static var expectation: FieldExpectation { get }
    static func decodeField<K: CodingKey>(
        from container: KeyedDecodingContainer<K>, forKey key: K
    ) throws
        -> Self
    func encodeField<K: CodingKey>(into container: inout KeyedEncodingContainer<K>, forKey key: K) throws
}

extension FieldValue where Self: Codable {
    static func decodeField<K: CodingKey>(
        from container: KeyedDecodingContainer<K>, forKey key: K
    ) throws
        -> Self
    {
        try container.decode(Self.self, forKey: key)
    }

    func encodeField<K: CodingKey>(into container: inout KeyedEncodingContainer<K>, forKey key: K) throws {
        try container.encode(self, forKey: key)
    }
}

/// Thrown inside ``FieldValue/decodeField(from:forKey:)`` when a value has the right JSON kind but invalid
/// content; ``FieldReader`` turns it into a ``ContractError`` that quotes the value.
struct InvalidFieldContent: Error {}

extension String: FieldValue {
    static var expectation: FieldExpectation { .string }
}

extension Int: FieldValue {
    static var expectation: FieldExpectation { .integer }
}

extension Int64: FieldValue {
    static var expectation: FieldExpectation { .integer }
}

extension Bool: FieldValue {
    static var expectation: FieldExpectation { .boolean }
}

extension Double: FieldValue {
    static var expectation: FieldExpectation { .number }

    func encodeField<K: CodingKey>(into container: inout KeyedEncodingContainer<K>, forKey key: K) throws {
        guard isFinite else {
            throw ContractError(
                path: CodingPath.render(container.codingPath, appending: key),
                reason: .notEncodable(problem: "\(self) has no JSON representation")
            )
        }
        try container.encode(self, forKey: key)
    }
}

extension UUID: FieldValue {
    static var expectation: FieldExpectation { .uuid }

    static func decodeField<K: CodingKey>(
        from container: KeyedDecodingContainer<K>, forKey key: K
    ) throws
        -> UUID
    {
        guard let uuid = UUID(uuidString: try container.decode(String.self, forKey: key)) else {
            throw InvalidFieldContent()
        }
        return uuid
    }

    /// Lowercase, as RFC 9562 asks of UUIDs written as text and as PostgreSQL prints them.
    func encodeField<K: CodingKey>(into container: inout KeyedEncodingContainer<K>, forKey key: K) throws {
        try container.encode(uuidString.lowercased(), forKey: key)
    }
}

extension Date: FieldValue {
    static var expectation: FieldExpectation { .dateTime }

    static func decodeField<K: CodingKey>(
        from container: KeyedDecodingContainer<K>, forKey key: K
    ) throws
        -> Date
    {
        guard let date = ContractDateFormat.date(from: try container.decode(String.self, forKey: key)) else {
            throw InvalidFieldContent()
        }
        return date
    }

    func encodeField<K: CodingKey>(into container: inout KeyedEncodingContainer<K>, forKey key: K) throws {
        guard let text = ContractDateFormat.string(from: self) else {
            throw ContractError(
                path: CodingPath.render(container.codingPath, appending: key),
                reason: .notEncodable(problem: "the date is outside the years 0000 to 9999")
            )
        }
        try container.encode(text, forKey: key)
    }
}

extension Dictionary: FieldValue where Key == String, Value == JSONValue {
    static var expectation: FieldExpectation { .object }
}

extension Array: FieldValue where Element: FieldValue & Codable {
    static var expectation: FieldExpectation { .array }
}
