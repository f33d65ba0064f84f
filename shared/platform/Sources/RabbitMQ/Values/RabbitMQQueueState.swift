/// What the broker says about a queue right now.
public struct RabbitMQQueueState: Sendable, Hashable {
    /// Messages ready for delivery (not counting those delivered and not yet acked).
    public let messageCount: Int
    public let consumerCount: Int
}
