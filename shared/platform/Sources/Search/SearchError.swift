import Foundation
import NIOCore

/// Why a ``SearchClient`` call failed: the server could not be reached (or did not answer in
/// time), it answered an error, or its answer was not what the API documents.
public struct SearchError: Error, Sendable, CustomStringConvertible {
    public enum Kind: Sendable, Equatable {
        /// No answer: connection refused, reset, timed out.
        case unreachable
        /// An HTTP answer of 400 or above.
        case server(status: Int)
        /// An answer that could not be read.
        case unexpectedAnswer
    }

    public let kind: Kind
    /// The server's error type (`resource_already_exists_exception`, `version_conflict_engine_exception`), when it gave one.
    public let type: String?
    public let reason: String

    public init(kind: Kind, type: String?, reason: String) {
        self.kind = kind
        self.type = type
        self.reason = reason
    }

    init(unreachable reason: String) { self.init(kind: .unreachable, type: nil, reason: reason) }
    init(unexpectedAnswer reason: String) { self.init(kind: .unexpectedAnswer, type: nil, reason: reason) }

    /// An error answer: Elasticsearch's `{"error":{"type":…,"reason":…},"status":…}` when it is one.
    init(status: Int, answer: ByteBuffer, request: String) {
        let details = try? JSONDecoder().decode(ErrorAnswer.self, from: Data(answer.readableBytesView))
        self.init(
            kind: .server(status: status), type: details?.error.type,
            reason: "\(request) answered HTTP \(status): "
                + (details?.error.reason ?? String(String(buffer: answer).prefix(300))))
    }

    public var status: Int? {
        if case .server(let status) = kind { return status }
        return nil
    }

    public var description: String { reason }

    struct ErrorAnswer: Decodable {
        struct Details: Decodable {
            let type: String?
            let reason: String?
        }
        let error: Details
    }
}
