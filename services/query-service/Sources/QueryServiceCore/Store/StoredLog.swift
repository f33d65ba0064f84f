import Foundation

/// One row of log-worker's `logs` table, as query-service answers it.
public struct StoredLog: Sendable, Hashable {
    public let id: UUID
    /// When log-api accepted it.
    public let receivedAt: LogTime
    /// When it happened: the client's `timestamp`, or `receivedAt` when it sent none (column `ts`).
    public let timestamp: LogTime
    public let level: String?
    public let service: String?
    public let message: String?
    /// Everything else the client sent, as stored.
    public let data: RawJSON

    public init(
        id: UUID, receivedAt: LogTime, timestamp: LogTime, level: String?, service: String?, message: String?,
        data: RawJSON
    ) {
        self.id = id
        self.receivedAt = receivedAt
        self.timestamp = timestamp
        self.level = level
        self.service = service
        self.message = message
        self.data = data
    }

    /// Where the page after this row starts.
    public var cursor: LogCursor { LogCursor(timestamp: timestamp, id: id) }
}
