import NIOCore

/// The messages of a subscription, in the order the server sent them, as an `AsyncSequence`.
///
/// Guarantees:
/// - Bounded: at most the subscriber's ``RedisSubscriber/bufferSize`` messages wait in memory;
///   past that the connection stops reading until the consumer catches up (see
///   ``RedisSubscriber``).
/// - It survives reconnects: when the connection drops (server restart), it reconnects with
///   backoff and subscribes again to the same channels and patterns, and iteration goes on.
///   Messages published while it was disconnected are lost: Redis pub/sub keeps nothing for
///   absent subscribers (use a list or a stream where every message must arrive).
/// - It ends (iteration returns nil) after ``finish()``; leaving the loop or cancelling the
///   consuming task closes the connection.
///
/// One consumer: make one iterator only (a second one traps).
public struct RedisSubscription: AsyncSequence, Sendable {
    public typealias Element = RedisPubSubMessage
    typealias Messages = NIOAsyncSequenceProducer<
        RedisPubSubMessage, NIOAsyncSequenceProducerBackPressureStrategies.HighLowWatermark, SubscriptionReadDemand
    >

    let messages: Messages
    let supervisor: SubscriptionSupervisor

    public func makeAsyncIterator() -> AsyncIterator {
        AsyncIterator(base: messages.makeAsyncIterator())
    }

    /// Ends the subscription: the consumer gets the messages already received, then nil, and the
    /// connection closes.
    public func finish() {
        supervisor.finish()
    }

    public struct AsyncIterator: AsyncIteratorProtocol {
        var base: Messages.AsyncIterator

        public mutating func next() async -> RedisPubSubMessage? {
            await base.next()
        }
    }
}
