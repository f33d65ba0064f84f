import NIOCore

/// What a connection is waiting for: the replies to one write of one or more commands.
struct RedisRequest: Sendable {
    enum Completion: Sendable {
        /// One command: its reply.
        case single(EventLoopPromise<RedisValue>)
        /// A pipeline: all of its replies, in order.
        case pipeline(count: Int, EventLoopPromise<[RedisValue]>)
    }

    /// The encoded command(s), written in one go.
    let payload: ByteBuffer
    let completion: Completion
    /// The command's name (or `PIPELINE` for several), for errors.
    let command: String
    /// The command timeout, and when the last reply must have arrived.
    let timeout: Duration
    let deadline: NIODeadline

    func fail(_ error: RedisError) {
        switch completion {
        case .single(let promise): promise.fail(error)
        case .pipeline(_, let promise): promise.fail(error)
        }
    }
}

/// A request that was written and is waiting for its replies, first in first out.
struct PendingReplies {
    let request: RedisRequest
    var received: [RedisValue] = []

    /// Records `value`; true when the request has all its replies (and was completed).
    mutating func receive(_ value: RedisValue) -> Bool {
        switch request.completion {
        case .single(let promise):
            promise.succeed(value)
            return true
        case .pipeline(let count, let promise):
            if received.isEmpty { received.reserveCapacity(count) }
            received.append(value)
            guard received.count == count else { return false }
            promise.succeed(received)
            return true
        }
    }
}
