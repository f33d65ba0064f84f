/// The AMQP `basic` properties of a message (its content header), minus the deprecated ones.
///
/// `messageID` is what errors name and what consumers deduplicate on; the publisher requires it.
public struct RabbitMQMessageProperties: Sendable, Hashable {
    public enum DeliveryMode: UInt8, Sendable {
        /// Kept in memory only: lost if the broker restarts.
        case transient = 1
        /// Written to disk by a durable queue: survives a broker restart.
        case persistent = 2
    }

    public var messageID: String?
    public var contentType: String?
    public var contentEncoding: String?
    public var headers: AMQPTable
    public var deliveryMode: DeliveryMode?
    public var priority: UInt8?
    public var correlationID: String?
    public var replyTo: String?
    /// Per-message TTL in milliseconds, as the decimal string AMQP carries.
    public var expiration: String?
    /// Seconds since the Unix epoch.
    public var timestamp: UInt64?
    public var type: String?
    public var userID: String?
    public var appID: String?

    public init(
        messageID: String? = nil, contentType: String? = nil, contentEncoding: String? = nil,
        headers: AMQPTable = [:], deliveryMode: DeliveryMode? = nil, priority: UInt8? = nil,
        correlationID: String? = nil, replyTo: String? = nil, expiration: String? = nil, timestamp: UInt64? = nil,
        type: String? = nil, userID: String? = nil, appID: String? = nil
    ) {
        self.messageID = messageID
        self.contentType = contentType
        self.contentEncoding = contentEncoding
        self.headers = headers
        self.deliveryMode = deliveryMode
        self.priority = priority
        self.correlationID = correlationID
        self.replyTo = replyTo
        self.expiration = expiration
        self.timestamp = timestamp
        self.type = type
        self.userID = userID
        self.appID = appID
    }
}
