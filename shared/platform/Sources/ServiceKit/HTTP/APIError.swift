import Foundation
import Hummingbird

/// Every answer other than success, in every service, in one JSON shape (README, "Errors"):
///
/// ```json
/// {"error":"limit: expected an integer from 1 to 1000, found \"0\"","code":"bad_request","parameter":"limit"}
/// ```
///
/// - `error`: a sentence for a person, naming what is wrong and where;
/// - `code`: a stable snake_case word for a program: by default the status's (``defaultCode(for:)``:
///   `bad_request`, `not_found`, `conflict`, `content_too_large`, `unsupported_media_type`,
///   `unavailable`, `internal_error`), or a finer one a service documents (log-api: `invalid_json`, …);
/// - where the problem is, each member present only when known: `parameter` (a query parameter,
///   path segment or header), `field` (a member of a JSON body), `index` (0-based position of the
///   item in a request of many), `line` and `column` (1-based, in the body).
///
/// Keys are sorted and `/` is not escaped, so the bytes are stable for tests and logs.
public struct APIError: HTTPResponseError, Sendable, Equatable, CustomStringConvertible {
    public let status: HTTPResponse.Status
    public let message: String
    public var code: String
    public var parameter: String?
    public var field: String?
    public var index: Int?
    public var line: Int?
    public var column: Int?

    public init(
        _ status: HTTPResponse.Status, _ message: String, code: String? = nil, parameter: String? = nil,
        field: String? = nil, index: Int? = nil, line: Int? = nil, column: Int? = nil
    ) {
        self.status = status
        self.message = message
        self.code = code ?? Self.defaultCode(for: status)
        self.parameter = parameter
        self.field = field
        self.index = index
        self.line = line
        self.column = column
    }

    /// `400 limit: expected …`.
    public var description: String { "\(status.code) \(message)" }

    /// The code of an error that names none of its own.
    public static func defaultCode(for status: HTTPResponse.Status) -> String {
        switch status.code {
        case 400: return "bad_request"
        case 401: return "unauthorized"
        case 403: return "forbidden"
        case 404: return "not_found"
        case 405: return "method_not_allowed"
        case 409: return "conflict"
        case 413: return "content_too_large"
        case 415: return "unsupported_media_type"
        case 422: return "unprocessable"
        case 429: return "too_many_requests"
        case 503: return "unavailable"
        case 500...599: return "internal_error"
        default: return "http_\(status.code)"
        }
    }

    /// The JSON body.
    public var body: ByteBuffer {
        let members = Body(
            error: message, code: code, parameter: parameter, field: field, index: index, line: line, column: column)
        // Encoding strings and integers cannot fail.
        let json = (try? Self.encoder.encode(members)) ?? Data(#"{"code":"internal_error","error":"error"}"#.utf8)
        return ByteBuffer(bytes: json)
    }

    /// The whole answer: the status, `Content-Type: application/json` and ``body``.
    public var response: Response {
        Response(status: status, headers: [.contentType: "application/json"], body: ResponseBody(byteBuffer: body))
    }

    public func response(from request: Request, context: some RequestContext) throws -> Response {
        response
    }

    private struct Body: Encodable {
        let error: String
        let code: String
        let parameter: String?
        let field: String?
        let index: Int?
        let line: Int?
        let column: Int?
    }

    private static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }()
}
