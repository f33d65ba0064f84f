/// Any JSON value, kept as the client sent it.
///
/// Guarantees:
/// - Decoding accepts every JSON value whose numbers fit a `Double`; encoding writes it back as the same JSON,
///   with object keys in any order the encoder chooses (sorted by ``ContractCoding``).
/// - Integers that fit `Int64` are kept exactly as ``int(_:)``; any other number is a ``number(_:)``. A JSON
///   number with an integral value (such as `1.0` or `1e3`) reads as ``int(_:)``, since JSON does not tell the two
///   apart; so ``number(_:)`` holding an integral value comes back from a round trip as ``int(_:)``.
/// - A non-finite ``number(_:)`` (NaN, ±infinity) cannot be encoded: encoding fails with a ``ContractError``.
public enum JSONValue: Sendable, Hashable {
    case null
    case bool(Bool)
    case int(Int64)
    case number(Double)
    case string(String)
    case array([JSONValue])
    case object([String: JSONValue])

    /// The kind of JSON value, ignoring the integer/number distinction.
    public enum Kind: Sendable, Hashable {
        case null
        case bool
        case number
        case string
        case array
        case object
    }

    public var kind: Kind {
        switch self {
        case .null: return .null
        case .bool: return .bool
        case .int, .number: return .number
        case .string: return .string
        case .array: return .array
        case .object: return .object
        }
    }

    /// The string, if this is a string.
    public var stringValue: String? {
        if case .string(let string) = self { return string }
        return nil
    }

    /// The members, if this is an object.
    public var objectValue: [String: JSONValue]? {
        if case .object(let members) = self { return members }
        return nil
    }

    /// The elements, if this is an array.
    public var arrayValue: [JSONValue]? {
        if case .array(let elements) = self { return elements }
        return nil
    }

    /// The number as a `Double`, if this is a number (integers convert, possibly rounding beyond 2^53).
    public var doubleValue: Double? {
        switch self {
        case .int(let int): return Double(int)
        case .number(let double): return double
        default: return nil
        }
    }

    /// The member named `key`, if this is an object that has it.
    public subscript(key: String) -> JSONValue? {
        objectValue?[key]
    }
}

extension JSONValue: Codable {
    public init(from decoder: any Decoder) throws {
        let container: any SingleValueDecodingContainer
        do {
            container = try decoder.singleValueContainer()
        } catch {
            throw Self.unreadable(at: decoder.codingPath)
        }
        if container.decodeNil() {
            self = .null
        } else if let string = try? container.decode(String.self) {
            self = .string(string)
        } else if let int = try? container.decode(Int64.self) {
            self = .int(int)
        } else if let double = try? container.decode(Double.self) {
            self = .number(double)
        } else if let bool = try? container.decode(Bool.self) {
            self = .bool(bool)
        } else if let members = try Self.attempt({ try container.decode([String: JSONValue].self) }) {
            self = .object(members)
        } else if let elements = try Self.attempt({ try container.decode([JSONValue].self) }) {
            self = .array(elements)
        } else {
            throw Self.unreadable(at: decoder.codingPath)
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .null:
            try container.encodeNil()
        case .bool(let bool):
            try container.encode(bool)
        case .int(let int):
            try container.encode(int)
        case .number(let double):
            guard double.isFinite else {
                throw ContractError(
                    path: CodingPath.render(encoder.codingPath),
                    reason: .notEncodable(problem: "\(double) has no JSON representation")
                )
            }
            try container.encode(double)
        case .string(let string):
            try container.encode(string)
        case .array(let elements):
            try container.encode(elements)
        case .object(let members):
            try container.encode(members)
        }
    }

    /// Runs a decoding attempt for a container kind: `nil` if the value is of another kind, rethrowing the
    /// ``ContractError`` of a nested value that is itself unreadable.
    private static func attempt<T>(_ decode: () throws -> T) throws(ContractError) -> T? {
        do {
            return try decode()
        } catch let error as ContractError {
            throw error
        } catch {
            return nil
        }
    }

    private static func unreadable(at codingPath: [any CodingKey]) -> ContractError {
        ContractError(
            path: CodingPath.render(codingPath),
            reason: .unexpectedValue(expected: "a JSON value", found: FoundValue.describe(nil, expected: nil))
        )
    }
}

extension JSONValue: ExpressibleByNilLiteral, ExpressibleByBooleanLiteral, ExpressibleByIntegerLiteral,
    ExpressibleByFloatLiteral, ExpressibleByStringLiteral, ExpressibleByArrayLiteral, ExpressibleByDictionaryLiteral
{
    public init(nilLiteral: ()) { self = .null }
    public init(booleanLiteral value: Bool) { self = .bool(value) }
    public init(integerLiteral value: Int64) { self = .int(value) }
    public init(floatLiteral value: Double) { self = .number(value) }
    public init(stringLiteral value: String) { self = .string(value) }
    public init(arrayLiteral elements: JSONValue...) { self = .array(elements) }

    /// Later duplicates of a key replace earlier ones.
    public init(dictionaryLiteral elements: (String, JSONValue)...) {
        self = .object(Dictionary(elements, uniquingKeysWith: { _, last in last }))
    }
}
