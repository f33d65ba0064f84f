import ServiceKit

/// A Redis command or connection failed. It names the server, the command (its name only, never
/// keys or values) and what went wrong; for an error reply, ``message`` is the server's own text.
public struct RedisError: Error, CustomStringConvertible, Sendable {
    public enum Kind: Sendable, Hashable {
        /// The server answered with an error reply (``message`` holds it, e.g. `ERR value is not
        /// an integer or out of range`). The connection is fine.
        case serverError
        /// No connection could be opened within the connect timeout, or it was refused.
        case connectFailed
        /// No reply within the command timeout. The connection it was sent on is closed, because
        /// a reply that arrives later would belong to no one.
        case commandTimedOut
        /// The connection closed (or was closed) before the reply arrived; the command may or may
        /// not have been executed.
        case connectionClosed
        /// The server sent bytes that are not RESP; the connection was closed.
        case protocolViolation
        /// The reply has a shape the typed method cannot read (e.g. GET answered with an array).
        case unexpectedReply
        /// The pool or subscriber was shut down before the command was sent.
        case shutDown
    }

    public let kind: Kind
    /// The server the command went to.
    public let endpoint: HostPort
    /// The command's name (`INCR`), or `nil` for a failure not tied to one command.
    public let command: String?
    /// The server's error reply, or a description of the failure.
    public let message: String
    /// The command never left this process (its connection had failed before the write), so
    /// sending it again cannot execute it twice; the pool does so once, on another connection.
    var wasNeverSent = false

    public init(_ kind: Kind, endpoint: HostPort, command: String?, message: String) {
        self.kind = kind
        self.endpoint = endpoint
        self.command = command
        self.message = message
    }

    public var description: String {
        let what = command.map { "\($0) on \(endpoint)" } ?? "redis \(endpoint)"
        switch kind {
        case .serverError: return "\(what): server error: \(message)"
        case .connectFailed: return "\(what): cannot connect: \(message)"
        case .commandTimedOut: return "\(what): \(message)"
        case .connectionClosed: return "\(what): connection closed before the reply: \(message)"
        case .protocolViolation: return "\(what): \(message)"
        case .unexpectedReply: return "\(what): unexpected reply: \(message)"
        case .shutDown: return "\(what): \(message)"
        }
    }
}
