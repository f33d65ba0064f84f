/// Turns Foundation's `DecodingError` into a ``ContractError`` without using Foundation's wording.
///
/// Only needed for values that do not read their fields through ``FieldReader``: documents that are not valid
/// JSON, or types of other modules decoded through ``ContractCoding``.
extension ContractError {
    /// - Parameters:
    ///   - root: the JSON value at the first `rootDepth` keys of the error's coding path, used to say what was
    ///     found where another kind of value was expected.
    init(_ error: DecodingError, root: JSONValue?, rootDepth: Int) {
        switch error {
        case .keyNotFound(let key, let context):
            self.init(path: CodingPath.render(context.codingPath, appending: key), reason: .missingField)
        case .valueNotFound(let type, let context):
            self.init(
                path: CodingPath.render(context.codingPath),
                reason: .unexpectedValue(expected: Self.expectation(for: type).phrase, found: "null")
            )
        case .typeMismatch(let type, let context):
            let expectation = Self.expectation(for: type)
            let found = root?.value(at: context.codingPath.dropFirst(rootDepth))
            self.init(
                path: CodingPath.render(context.codingPath),
                reason: .unexpectedValue(
                    expected: expectation.phrase,
                    found: FoundValue.describe(found, expected: expectation.kind)
                )
            )
        case .dataCorrupted(let context):
            // Foundation also reports a number that does not fit its Swift type this way, often without a path.
            self.init(
                path: CodingPath.render(context.codingPath),
                reason: .undecodable(problem: "a value is malformed or out of range for its field")
            )
        @unknown default:
            self.init(path: "", reason: .undecodable(problem: "the value does not match the expected schema"))
        }
    }

    private static func expectation(for type: Any.Type) -> FieldExpectation {
        switch ObjectIdentifier(type) {
        case ObjectIdentifier(String.self), ObjectIdentifier(Substring.self), ObjectIdentifier(Character.self):
            return .string
        case ObjectIdentifier(Bool.self):
            return .boolean
        case ObjectIdentifier(Double.self), ObjectIdentifier(Float.self):
            return .number
        case ObjectIdentifier([String: Any].self):
            return .object
        case ObjectIdentifier([Any].self):
            return .array
        default:
            if type is any FixedWidthInteger.Type { return .integer }
            return FieldExpectation(phrase: "a value of another kind", kind: nil)
        }
    }
}

extension JSONValue {
    /// The value at a coding path below this one, or `nil` when there is none.
    func value(at path: some Collection<any CodingKey>) -> JSONValue? {
        var current = self
        for key in path {
            switch current {
            case .array(let elements):
                guard let index = key.intValue, elements.indices.contains(index) else { return nil }
                current = elements[index]
            case .object(let members):
                guard let member = members[key.stringValue] else { return nil }
                current = member
            default:
                return nil
            }
        }
        return current
    }
}

extension DecodingError {
    /// The coding path of the value at fault (for a missing key, the key's own path).
    var faultPath: [any CodingKey] {
        switch self {
        case .keyNotFound(let key, let context): return context.codingPath + [key]
        case .valueNotFound(_, let context), .typeMismatch(_, let context), .dataCorrupted(let context):
            return context.codingPath
        @unknown default: return []
        }
    }
}
