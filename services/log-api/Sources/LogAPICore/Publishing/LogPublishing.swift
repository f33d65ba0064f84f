import Contracts

/// Queues log batches for log-worker.
///
/// Guarantees of every implementation: ``publish(_:within:)`` returns only when every message is
/// safely queued (for RabbitMQ: confirmed by the broker, persistent, on a durable queue), and
/// otherwise throws a ``LogPublishError`` within `limit`. After an error some messages may still be
/// queued (those confirmed before, or confirmed after the time limit): consumers deduplicate on
/// the records' ids.
public protocol LogPublishing: Sendable {
    func publish(_ messages: [LogBatchMessage], within limit: Duration) async throws(LogPublishError)
}

/// Why log batches could not be queued.
public struct LogPublishError: Error, Sendable, CustomStringConvertible {
    public enum Kind: Sendable, Hashable {
        /// No connection to the broker, or it broke before the confirms arrived.
        case unavailable
        /// The confirms did not arrive within the time limit.
        case timedOut
        /// The broker refused a message (nack, or returned as unroutable).
        case refused
    }

    public let kind: Kind
    public let detail: String

    public init(_ kind: Kind, _ detail: String) {
        self.kind = kind
        self.detail = detail
    }

    public var description: String { detail }
}
