/// Why a message could not be decoded or encoded, naming the field at fault.
///
/// Guarantees:
/// - `path` is the JSON path of the field at fault, written the way a client sees the document:
///   object keys joined with dots, array indexes in brackets (`payload.users[2].age`), keys that are not
///   plain identifiers quoted in brackets (`payload.data["user id"]`). It is empty when the problem is the
///   document as a whole.
/// - `description` is one line of plain English built only from `path` and `reason`, never from Foundation's
///   wording, so the same input always gives the same text on every platform and release. It is meant to be
///   returned in a 400 answer or recorded as a dead-letter reason.
/// - Values echoed from the input are limited to short excerpts, so a hostile document cannot make the
///   message large.
public struct ContractError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What is wrong at ``path``.
    public enum Reason: Sendable, Hashable {
        /// The bytes are not a JSON document (RFC 8259, UTF-8). `line` and `column` count from 1;
        /// columns count Unicode scalars.
        case invalidJSON(line: Int, column: Int, problem: String)
        /// A required field is absent.
        case missingField
        /// A field holds a value of the wrong kind or an invalid value. `expected` and `found` are phrases such
        /// as `an integer` and `a string`, or `a UUID` and `"abc"`.
        case unexpectedValue(expected: String, found: String)
        /// The envelope's `type` is not the one the reader asked for.
        case wrongMessageType(expected: String, found: String)
        /// The envelope's `schema_version` is below 1 or newer than this reader understands.
        case unsupportedSchemaVersion(messageType: String, found: Int, supported: Int)
        /// A value has no JSON representation (a non-finite number, a date outside the years 0000–9999).
        case notEncodable(problem: String)
        /// The document is valid JSON but could not be decoded for a reason none of the other cases describe.
        case undecodable(problem: String)
    }

    /// JSON path of the field at fault; empty for the whole document.
    public let path: String
    /// What is wrong there.
    public let reason: Reason

    public init(path: String, reason: Reason) {
        self.path = path
        self.reason = reason
    }

    public var description: String {
        switch reason {
        case .invalidJSON(let line, let column, let problem):
            return "invalid JSON at line \(line), column \(column): \(problem)"
        case .missingField:
            return "missing required field '\(path)'"
        case .unexpectedValue(let expected, let found):
            if path.isEmpty {
                return "the document expected \(expected), found \(found)"
            }
            return "field '\(path)' expected \(expected), found \(found)"
        case .wrongMessageType(let expected, let found):
            return "unexpected message type '\(found)', expected '\(expected)'"
        case .unsupportedSchemaVersion(let messageType, let found, let supported):
            if found < 1 {
                return "invalid schema version \(found) of '\(messageType)', versions start at 1"
            }
            let range = supported == 1 ? "version 1" : "versions 1 to \(supported)"
            return "unsupported schema version \(found) of '\(messageType)', this reader supports \(range)"
        case .notEncodable(let problem):
            if path.isEmpty {
                return "the value cannot be encoded: \(problem)"
            }
            return "field '\(path)' cannot be encoded: \(problem)"
        case .undecodable(let problem):
            if path.isEmpty {
                return "the document cannot be decoded: \(problem)"
            }
            return "field '\(path)' cannot be decoded: \(problem)"
        }
    }
}
