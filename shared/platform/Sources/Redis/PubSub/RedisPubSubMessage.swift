import NIOCore

/// One message received by a subscription.
public struct RedisPubSubMessage: Sendable, Hashable {
    /// The channel it was published to.
    public let channel: String
    /// The pattern that matched the channel, for pattern subscriptions (PSUBSCRIBE); else nil.
    public let pattern: String?
    /// The message's bytes, as published.
    public let payload: ByteBuffer

    public init(channel: String, pattern: String?, payload: ByteBuffer) {
        self.channel = channel
        self.pattern = pattern
        self.payload = payload
    }

    /// The payload read as UTF-8 text.
    public var text: String { String(buffer: payload) }
}
