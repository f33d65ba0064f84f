/// Reads the fields of one JSON object and turns every failure into a ``ContractError`` naming the field.
///
/// Errors do not depend on the decoder's wording: when a value cannot be decoded, the reader decodes it again as
/// a ``JSONValue`` to say what was found instead.
struct FieldReader<Key: CodingKey> {
    private let container: KeyedDecodingContainer<Key>

    /// Opens the object; fails with `expected an object, found …` when the value is something else.
    init(_ decoder: any Decoder, keyedBy type: Key.Type) throws(ContractError) {
        do {
            container = try decoder.container(keyedBy: Key.self)
        } catch {
            let found = try? decoder.singleValueContainer().decode(JSONValue.self)
            throw ContractError(
                path: CodingPath.render(decoder.codingPath),
                reason: .unexpectedValue(
                    expected: FieldExpectation.object.phrase,
                    found: FoundValue.describe(found, expected: .object)
                )
            )
        }
    }

    /// The value of a field that must be present and not `null`.
    func required<T: FieldValue>(_ key: Key) throws(ContractError) -> T {
        try required(key, expecting: T.expectation) { try T.decodeField(from: container, forKey: key) }
    }

    /// The value of a field that may be absent or `null`.
    func optional<T: FieldValue>(_ key: Key) throws(ContractError) -> T? {
        guard container.contains(key), (try? container.decodeNil(forKey: key)) != true else { return nil }
        return try present(key, expecting: T.expectation) { try T.decodeField(from: container, forKey: key) }
    }

    /// A nested `Decodable` value that must be present, such as an envelope's payload.
    func required<T: Decodable>(_ key: Key, as type: T.Type, expecting: FieldExpectation) throws(ContractError) -> T {
        try required(key, expecting: expecting) { try container.decode(T.self, forKey: key) }
    }

    private func required<T>(
        _ key: Key, expecting: FieldExpectation, _ decode: () throws -> T
    ) throws(ContractError)
        -> T
    {
        guard container.contains(key) else {
            throw ContractError(path: path(key), reason: .missingField)
        }
        return try present(key, expecting: expecting, decode)
    }

    private func present<T>(
        _ key: Key, expecting: FieldExpectation, _ decode: () throws -> T
    ) throws(ContractError)
        -> T
    {
        do {
            return try decode()
        } catch let error as ContractError {
            throw error
        } catch let error as DecodingError where error.faultPath.count > container.codingPath.count + 1 {
            // Failed inside a nested value that does not report its own errors: describe it relative to this field.
            let value = try? container.decode(JSONValue.self, forKey: key)
            throw ContractError(error, root: value, rootDepth: container.codingPath.count + 1)
        } catch {
            let found = try? container.decode(JSONValue.self, forKey: key)
            throw ContractError(
                path: path(key),
                reason: .unexpectedValue(
                    expected: expecting.phrase,
                    found: FoundValue.describe(found, expected: expecting.kind)
                )
            )
        }
    }

    private func path(_ key: Key) -> String {
        CodingPath.render(container.codingPath, appending: key)
    }
}

/// Describes the value found where another was expected.
enum FoundValue {
    /// `null`, `a boolean`, `an array`, `an object`; for a value of the expected kind (which then must have had
    /// invalid content) the value itself, quoted and shortened: `"yesterday"`, `1.5`. `nil` stands for a value
    /// that is not even a ``JSONValue`` (a number beyond the range of `Double`, a malformed literal).
    static func describe(_ value: JSONValue?, expected: JSONValue.Kind?) -> String {
        guard let value else { return "a malformed or out-of-range value" }
        switch value {
        case .null:
            return "null"
        case .bool(let bool):
            return expected == .bool ? "\(bool)" : "a boolean"
        case .int(let int):
            return expected == .number ? "\(int)" : "a number"
        case .number(let double):
            return expected == .number ? "\(double)" : "a number"
        case .string(let string):
            return expected == .string ? JSONExcerpt.quoted(string) : "a string"
        case .array:
            return "an array"
        case .object:
            return "an object"
        }
    }
}
