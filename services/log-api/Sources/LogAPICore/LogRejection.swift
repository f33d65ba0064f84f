import Foundation
import Hummingbird

/// Why a log request was not accepted: the HTTP status, the message for the client, where in the
/// body the problem is, and the reason counted in `/metrics`.
///
/// Guarantees: a rejected request published nothing, except for a 503 after some messages of a
/// multi-message `POST /logs` were confirmed (see ``LogController``). The answer is always JSON,
/// `{"error": "…"}`, plus `index` (0-based position of the record in the request), `line` and
/// `column` (1-based, in the body) and `field` when they are known.
public struct LogRejection: Error, Sendable, Equatable, CustomStringConvertible {
    /// The `reason` label of `log_api_requests_rejected_total`.
    public enum Reason: String, Sendable, CaseIterable {
        case unsupportedMediaType = "unsupported_media_type"
        case bodyTooLarge = "body_too_large"
        case tooManyRecords = "too_many_records"
        case invalidJSON = "invalid_json"
        case invalidRecord = "invalid_record"
        case brokerUnavailable = "broker_unavailable"
        case publishTimeout = "publish_timeout"
        case publishRefused = "publish_refused"

        public var status: HTTPResponse.Status {
            switch self {
            case .unsupportedMediaType: return .unsupportedMediaType
            case .bodyTooLarge, .tooManyRecords: return .contentTooLarge
            case .invalidJSON, .invalidRecord: return .badRequest
            case .brokerUnavailable, .publishTimeout, .publishRefused: return .serviceUnavailable
            }
        }
    }

    public let reason: Reason
    public let message: String
    public var index: Int?
    public var line: Int?
    public var column: Int?
    public var field: String?

    public init(
        _ reason: Reason, _ message: String, index: Int? = nil, line: Int? = nil, column: Int? = nil,
        field: String? = nil
    ) {
        self.reason = reason
        self.message = message
        self.index = index
        self.line = line
        self.column = column
        self.field = field
    }

    public var status: HTTPResponse.Status { reason.status }
    public var description: String { "\(status.code) \(message)" }

    /// The JSON answer.
    public var response: Response {
        let body = Body(error: message, index: index, line: line, column: column, field: field)
        // Encoding a struct of strings and integers cannot fail.
        let json = (try? Self.encoder.encode(body)) ?? Data(#"{"error":"request rejected"}"#.utf8)
        return Response(
            status: status, headers: [.contentType: "application/json"],
            body: ResponseBody(byteBuffer: ByteBuffer(bytes: json)))
    }

    private struct Body: Encodable {
        let error: String
        let index: Int?
        let line: Int?
        let column: Int?
        let field: String?
    }

    private static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }()
}
