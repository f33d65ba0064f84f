/// A failure talking to RabbitMQ, with what is needed to act on it: which broker, what was being
/// done, which message, and what the broker or rabbitmq-c said.
public struct RabbitMQError: Error, Sendable, CustomStringConvertible {
    public enum Kind: Sendable, Hashable {
        /// The TCP connection could not be opened.
        case connectionFailed
        /// The AMQP handshake or login failed (wrong credentials or virtual host, broker refusing).
        case loginFailed
        /// The connection broke (socket error, missed heartbeats) or the broker closed it.
        case connectionLost
        /// No connection was up within the configured wait; the client keeps reconnecting.
        case notConnected
        /// The broker refused a declaration because it contradicts what it already has.
        case topologyMismatch
        /// The broker closed a channel (the reply code and text say why).
        case channelClosed
        /// The broker answered a publish with basic.nack (for example a full queue with reject-publish).
        case publishNacked
        /// The broker returned a mandatory publish no queue would take (basic.return).
        case returnedUnroutable
        /// The delivery was received on a channel that has since closed: it cannot be settled
        /// any more, and the broker will deliver it again.
        case deliveryExpired
        /// The connection was shut down; no more work is accepted.
        case shutDown
        /// A call was made that the connection's state does not allow (described in `detail`).
        case invalidUse
    }

    public let kind: Kind
    /// `host:port` of the broker.
    public let broker: String
    /// What was being done, e.g. "basic.publish to exchange 'users' with routing key 'users.ingest'".
    public let operation: String
    /// The id of the message concerned, if one is.
    public let messageID: String?
    /// The AMQP reply code from the broker (312 NO_ROUTE, 404 NOT_FOUND, 406 PRECONDITION_FAILED …).
    public let replyCode: UInt16?
    /// The AMQP reply text from the broker, or rabbitmq-c's description of a library error.
    public let detail: String?

    public init(
        _ kind: Kind, broker: String, operation: String, messageID: String? = nil, replyCode: UInt16? = nil,
        detail: String? = nil
    ) {
        self.kind = kind
        self.broker = broker
        self.operation = operation
        self.messageID = messageID
        self.replyCode = replyCode
        self.detail = detail
    }

    /// The same failure, about the message `messageID`.
    func about(messageID: String, operation: String? = nil) -> RabbitMQError {
        RabbitMQError(
            kind, broker: broker, operation: operation ?? self.operation, messageID: messageID, replyCode: replyCode,
            detail: detail)
    }

    public var description: String {
        var text = "RabbitMQ \(broker): \(operation)"
        if let messageID { text += " (message id '\(messageID)')" }
        text += " failed: \(kind)"
        switch (replyCode, detail) {
        case (let code?, let detail?): text += ": \(code) \(detail)"
        case (let code?, nil): text += ": reply code \(code)"
        case (nil, let detail?): text += ": \(detail)"
        case (nil, nil): break
        }
        return text
    }
}

/// A batch publish in which some messages were not confirmed; the others were.
public struct RabbitMQBatchPublishError: Error, Sendable, CustomStringConvertible {
    /// How many messages of the batch the broker confirmed.
    public let confirmedCount: Int
    /// The error of each message that failed, by message id.
    public let failures: [String: RabbitMQError]

    public var description: String {
        let examples = failures.values.prefix(3).map(\.description).joined(separator: "; ")
        return "\(failures.count) of \(confirmedCount + failures.count) messages were not confirmed: \(examples)"
    }
}
