import Hummingbird
import ServiceKit

/// Why log-api refused a request: the `code` of its answer (ServiceKit's ``APIError``, the one error
/// shape of every service) and the `reason` label of `log_api_requests_rejected_total`.
///
/// Guarantees: a rejected request published nothing, except for a 503 after some messages of a
/// multi-message `POST /logs` were confirmed (see ``LogController``). The answer names where the
/// problem is when that is known: `index` (0-based position of the record in the request), `line`
/// and `column` (1-based, in the body) and `field`.
public enum LogRejectionReason: String, Sendable, CaseIterable {
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

extension APIError {
    /// A refusal of log-api: the status of `reason`, with `reason` as its code.
    static func logRejection(
        _ reason: LogRejectionReason, _ message: String, index: Int? = nil, line: Int? = nil, column: Int? = nil,
        field: String? = nil
    ) -> APIError {
        APIError(
            reason.status, message, code: reason.rawValue, field: field, index: index, line: line, column: column)
    }

    /// The reason of a refusal made by ``logRejection(_:_:index:line:column:field:)``.
    var logRejectionReason: LogRejectionReason? { LogRejectionReason(rawValue: code) }
}
