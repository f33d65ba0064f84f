import Foundation

/// Encodes and decodes contract messages, reporting every failure as a ``ContractError``.
///
/// Guarantees:
/// - ``encode(_:)`` writes compact UTF-8 JSON with object keys sorted and slashes unescaped, so equal values give
///   identical bytes (the golden documents in the tests pin them down).
/// - ``decode(_:from:)`` accepts any valid JSON that matches the schema, ignores unknown keys, and otherwise throws
///   a ``ContractError`` whose description names the field's JSON path, or the line and column where the document
///   stops being JSON. A document that is not JSON is reported as such even if it is also incomplete.
/// - Thread-safe: the functions share one immutable encoder and decoder and may be called from any task.
public enum ContractCoding {
    /// A new `JSONEncoder` configured as ``encode(_:)`` uses it: sorted keys, unescaped slashes, and dates in
    /// ``ContractDateFormat`` for `Date` values of types outside this package.
    public static func encoder() -> JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .custom { date, encoder in
            guard let text = ContractDateFormat.string(from: date) else {
                throw ContractError(
                    path: CodingPath.render(encoder.codingPath),
                    reason: .notEncodable(problem: "the date is outside the years 0000 to 9999")
                )
            }
            var container = encoder.singleValueContainer()
            try container.encode(text)
        }
        return encoder
    }

    /// A new `JSONDecoder` configured as ``decode(_:from:)`` uses it: `Date` values of types outside this package
    /// are read with ``ContractDateFormat``. Its errors are Foundation's; ``decode(_:from:)`` translates them.
    public static func decoder() -> JSONDecoder {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .custom { decoder in
            let container = try decoder.singleValueContainer()
            let text = try container.decode(String.self)
            guard let date = ContractDateFormat.date(from: text) else {
                throw ContractError(
                    path: CodingPath.render(decoder.codingPath),
                    reason: .unexpectedValue(
                        expected: FieldExpectation.dateTime.phrase,
                        found: JSONExcerpt.quoted(text)
                    )
                )
            }
            return date
        }
        return decoder
    }

    /// The JSON document for `value`, such as an ``Envelope``.
    ///
    /// - Throws: ``ContractError`` with ``ContractError/Reason/notEncodable(problem:)`` when a value has no JSON
    ///   form: a non-finite `Double` or a date outside the years 0000 to 9999.
    public static func encode<T: Encodable>(_ value: T) throws(ContractError) -> Data {
        do {
            return try sharedEncoder.encode(value)
        } catch let error as ContractError {
            throw error
        } catch let EncodingError.invalidValue(invalid, context) {
            throw ContractError(
                path: CodingPath.render(context.codingPath),
                reason: .notEncodable(problem: "\(invalid) has no JSON representation")
            )
        } catch {
            throw ContractError(path: "", reason: .notEncodable(problem: "the value cannot be written as JSON"))
        }
    }

    /// The value of type `type` in the JSON document `data`, for example
    /// `try ContractCoding.decode(Envelope<LogRecord>.self, from: body)`.
    public static func decode<T: Decodable>(_ type: T.Type, from data: Data) throws(ContractError) -> T {
        do {
            return try sharedDecoder.decode(T.self, from: data)
        } catch {
            // A syntax error explains any failure best, including those that Foundation's lazy parser reports
            // as a bad field value (`01`, an unescaped tab, invalid UTF-8 in a string).
            if let problem = JSONDiagnostics.firstProblem(in: Array(data)) {
                throw ContractError(
                    path: problem.path,
                    reason: .invalidJSON(line: problem.line, column: problem.column, problem: problem.message)
                )
            }
            switch error {
            case let error as ContractError:
                throw error
            case let error as DecodingError:
                let document = try? sharedDecoder.decode(JSONValue.self, from: data)
                throw ContractError(error, root: document, rootDepth: 0)
            default:
                throw ContractError(path: "", reason: .undecodable(problem: "the document does not match the schema"))
            }
        }
    }

    /// Like ``decode(_:from:)`` for a document held as text.
    public static func decode<T: Decodable>(_ type: T.Type, from text: String) throws(ContractError) -> T {
        try decode(T.self, from: Data(text.utf8))
    }

    // JSONEncoder and JSONDecoder are safe to share across threads once configured.
    private static let sharedEncoder = encoder()
    private static let sharedDecoder = decoder()
}
