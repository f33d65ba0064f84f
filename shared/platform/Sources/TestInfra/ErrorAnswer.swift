import Foundation
import HummingbirdTesting

/// What an error answer says, read from its JSON body (ServiceKit's `APIError` shape) in this one
/// place for every service's route tests: the sentence for the client and where the problem is.
public struct ErrorAnswer: Equatable, Sendable, CustomStringConvertible {
    /// The `error` sentence.
    public var message: String
    /// The query parameter, path part or body field at fault (`parameter` or `field`), when named.
    public var field: String?
    public var index: Int?
    public var line: Int?
    public var column: Int?

    public init(message: String, field: String? = nil, index: Int? = nil, line: Int? = nil, column: Int? = nil) {
        self.message = message
        self.field = field
        self.index = index
        self.line = line
        self.column = column
    }

    /// The answer in `response`'s body; throws when it is not a JSON error body.
    public init(_ response: TestResponse) throws {
        let object = try response.object
        guard let message = object["error"] as? String else { throw NotAnErrorBody(text: response.text) }
        self.init(
            message: message, field: object["parameter"] as? String ?? object["field"] as? String,
            index: object["index"] as? Int, line: object["line"] as? Int, column: object["column"] as? Int)
    }

    public var description: String {
        "\(message) (field: \(field ?? "-"), index: \(index.map(String.init) ?? "-"), "
            + "line: \(line.map(String.init) ?? "-"), column: \(column.map(String.init) ?? "-"))"
    }
}

extension TestResponse {
    /// The error this answer carries, or nil when its body is no error object.
    public var errorAnswer: ErrorAnswer? { try? ErrorAnswer(self) }

    /// The body as text.
    public var text: String { String(buffer: body) }

    /// The body as a JSON object.
    public var object: [String: Any] {
        get throws {
            guard let object = try JSONSerialization.jsonObject(with: Data(body.readableBytesView)) as? [String: Any]
            else { throw NotAnErrorBody(text: text) }
            return object
        }
    }
}

/// A body that is not the JSON object a test expected.
public struct NotAnErrorBody: Error, CustomStringConvertible {
    public let text: String
    public var description: String { "not a JSON error object: \(text)" }
}
