import Contracts
import Foundation
import NIOCore

/// One message to a subscriber, the same JSON object for both transports: a WebSocket text message, or the
/// `data:` of a Server-Sent Event whose `event:` is ``kind``.
///
/// `snapshot` and `change` carry the members of Contracts' ``FileStatusSnapshot`` (as `GET /files/{id}` writes
/// them) plus `attempt` and `type`; `error` carries `code` (``ErrorCode``), `error` (what was wrong) and, when
/// one file is meant, `file_id`. Keys are in sorted order. The JSON is written once, into a buffer every
/// subscriber's frame shares: a change to a thousand sockets is encoded once, not a thousand times.
struct NotificationMessage: Sendable, Hashable {
    enum Kind: String, Sendable {
        /// The file's status read from PostgreSQL: the first message for a file, and again after a Redis outage.
        case snapshot
        /// A change log-worker published.
        case change
        /// A subscription the server could not make (an unknown file, a malformed message).
        case error
        /// Nothing happened for a while (SSE only: a comment line; WebSockets have pings).
        case heartbeat
    }

    static let heartbeat = Self(kind: .heartbeat, code: nil, fileID: nil, status: nil, json: ByteBuffer())

    enum ErrorCode: String, Sendable {
        case badRequest = "bad_request"
        case notFound = "not_found"
        case serviceUnavailable = "unavailable"
    }

    let kind: Kind
    let code: ErrorCode?
    let fileID: UUID?
    /// The status, for `snapshot` and `change`: the SSE stream ends after a final one.
    let status: FileStatus?
    let json: ByteBuffer

    static func snapshot(_ snapshot: FileStatusSnapshot, attempt: Int) -> Self {
        status(.snapshot, snapshot, attempt: attempt)
    }

    static func change(_ event: FileEvent) -> Self {
        status(.change, event.snapshot, attempt: event.attempt)
    }

    static func error(_ code: ErrorCode, _ reason: String, fileID: UUID? = nil) -> Self {
        var writer = JSONWriter(capacity: 128 + reason.utf8.count)
        writer.raw(#"{"code":"#)
        writer.string(code.rawValue)
        writer.raw(#","error":"#)
        writer.string(reason)
        if let fileID {
            writer.raw(#","file_id":"#)
            writer.uuid(fileID)
        }
        writer.raw(#","type":"error"}"#)
        return Self(kind: .error, code: code, fileID: fileID, status: nil, json: ByteBuffer(bytes: writer.bytes))
    }

    private static func status(_ kind: Kind, _ snapshot: FileStatusSnapshot, attempt: Int) -> Self {
        var writer = JSONWriter(capacity: 320)
        writer.raw(#"{"attempt":"#)
        writer.integer(attempt)
        writer.raw(",")
        snapshot.writeMembers(into: &writer)
        writer.raw(#","type":"#)
        writer.string(kind.rawValue)
        writer.raw("}")
        return Self(
            kind: kind, code: nil, fileID: snapshot.fileID, status: snapshot.status,
            json: ByteBuffer(bytes: writer.bytes))
    }

    var text: String { String(buffer: json) }
}
