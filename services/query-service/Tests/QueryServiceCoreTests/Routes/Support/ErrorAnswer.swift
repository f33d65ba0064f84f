import Foundation
import HummingbirdTesting

/// What an error answer says, read from its JSON body in this one place: the error body's shape
/// is being unified across services, and only this reader has to follow it.
struct ErrorAnswer {
    /// The human-readable message.
    let message: String
    /// The query parameter or path part at fault, when the answer names one.
    let field: String?
}

extension TestResponse {
    /// The error this answer carries, or nil when its body is no error object.
    var errorAnswer: ErrorAnswer? {
        guard
            let object = try? JSONSerialization.jsonObject(with: Data(body.readableBytesView)) as? [String: Any],
            let message = object["error"] as? String ?? object["message"] as? String
        else { return nil }
        return ErrorAnswer(message: message, field: object["parameter"] as? String ?? object["field"] as? String)
    }

    var text: String { String(buffer: body) }

    /// The body as a JSON object.
    var object: [String: Any] {
        get throws {
            guard let object = try JSONSerialization.jsonObject(with: Data(body.readableBytesView)) as? [String: Any]
            else { throw NotAnObject(text: text) }
            return object
        }
    }
}

struct NotAnObject: Error, CustomStringConvertible {
    let text: String
    var description: String { "not a JSON object: \(text)" }
}
