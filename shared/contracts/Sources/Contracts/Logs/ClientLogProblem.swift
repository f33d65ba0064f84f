/// Why one client log object is refused, as `POST /logs` and the processing of uploaded files both word it.
///
/// The words are the ones of log-api's 400 answers; the caller says where the object is (``Place``) and, for
/// invalid JSON, where the object's text starts, so the line and column count in the whole body or file.
public enum ClientLogProblem: Error, Sendable, Equatable {
    /// Not one JSON value: the problem at `offset` of the object's text (a byte order mark before it left out).
    case invalidJSON(offset: Int, position: JSONTextPosition, message: String)
    /// A JSON value, but not an object: `found` names its kind (`a number`, `an array`).
    case notAnObject(found: String)
    /// An object whose known member is wrong (`level` not a string, `timestamp` not a date-time).
    case invalidField(ContractError)

    /// Where an object is in a request or file: its line (NDJSON) or its index (a JSON array).
    public enum Place: Sendable, Equatable, CustomStringConvertible {
        case line(Int)
        case index(Int)

        public var description: String {
            switch self {
            case .line(let line): return "line \(line)"
            case .index(let index): return "record at index \(index)"
            }
        }
    }

    /// The log-api `code` of the refusal: `invalid_json` or `invalid_record`.
    public var code: String {
        if case .invalidJSON = self { return "invalid_json" }
        return "invalid_record"
    }

    /// The field at fault, when a known member is.
    public var field: String? {
        if case .invalidField(let error) = self { return error.path }
        return nil
    }

    /// The refusal in words: `invalid JSON at line 3, column 9: …`, `line 3 must be a JSON object, found a
    /// number`, `record at index 2: field 'level' expected a string, found a number`. `position` is where the
    /// problem of invalid JSON is in the body or file (see ``invalidJSON(offset:position:message:)``; by default
    /// its place in the object's own text).
    public func message(at place: Place, problemAt position: JSONTextPosition? = nil) -> String {
        switch self {
        case .invalidJSON(_, let inObject, let message):
            return Self.invalidJSONMessage(at: position ?? inObject, message)
        case .notAnObject(let found):
            return "\(place) must be a JSON object, found \(found)"
        case .invalidField(let error):
            return "\(place): \(error.description)"
        }
    }

    public static func invalidJSONMessage(at position: JSONTextPosition, _ problem: String) -> String {
        "invalid JSON at line \(position.line), column \(position.column): \(problem)"
    }

    /// `an array`, `a string`, …: how a message names the kind of a value.
    public static func phrase(for value: JSONValue) -> String {
        switch value.kind {
        case .null: return "null"
        case .bool: return "a boolean"
        case .number: return "a number"
        case .string: return "a string"
        case .array: return "an array"
        case .object: return "an object"
        }
    }
}
