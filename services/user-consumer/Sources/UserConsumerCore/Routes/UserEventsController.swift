import HTTPTypes
import Hummingbird
import Logging
import Redis
import ServiceKit

/// `GET /users/sse`: every user as a Server-Sent Event (``UserEventFormat``), streamed by
/// ``UserEventStream``.
///
/// - Resumes after `Last-Event-ID` (a user id), else after `?after=`, else from the start.
/// - `?follow=true` subscribes to the changes channel before the walk starts (so no commit after
///   the request is missed), then keeps the stream open with the users committed since, and a
///   `: keep-alive` comment every ``UserRoutesConfig/sseHeartbeat`` while idle. Following needs Redis:
///   without it the answer is 503; a plain walk needs only PostgreSQL.
/// - When the client disconnects, the walk or the wait stops at once and the subscription closes.
public struct UserEventsController: Sendable {
    let stream: UserEventStream
    let subscriber: RedisSubscriber
    let changesChannel: String
    let logger: Logger

    public init(stream: UserEventStream, subscriber: RedisSubscriber, changesChannel: String, logger: Logger) {
        self.stream = stream
        self.subscriber = subscriber
        self.changesChannel = changesChannel
        self.logger = logger
    }

    public func addRoutes(to router: Router<BasicRequestContext>) {
        router.get("users/sse", use: events)
    }

    /// The header an EventSource sends when it reconnects: the id of the last event it received.
    static let lastEventID = HTTPField.Name("Last-Event-ID")!

    @Sendable func events(_ request: Request, context: BasicRequestContext) async throws -> Response {
        let parameters = try QueryParameters(request, allowed: ["after", "follow"])
        let after: Int64
        if let lastEventID = request.headers[Self.lastEventID] {
            after = try QueryParameters.integer(lastEventID, named: "Last-Event-ID", in: 0...Int64.max)
        } else {
            after = try parameters.integer("after", in: Int64(0)...Int64.max) ?? 0
        }
        let follow = try parameters.boolean("follow") ?? false
        var subscription: RedisSubscription?
        if follow {
            do {
                subscription = try await subscriber.subscribe(to: [changesChannel])
            } catch {
                UserCacheMetrics.cacheError(.subscribe).increment()
                logger.warning("cannot subscribe to user changes", metadata: ["error": "\(error)"])
                throw APIError(
                    .serviceUnavailable,
                    "follow=true needs Redis for the changes and it does not answer; retry, or stream without follow")
            }
        }
        let stream = self.stream
        let logger = self.logger
        // The connection closes after the stream (the request body is handed to the inbound-close
        // watch), so tell the client not to reuse it.
        return Response(
            status: .ok,
            headers: [.contentType: "text/event-stream", .cacheControl: "no-cache", .connection: "close"],
            body: ResponseBody { [subscription] writer in
                try await request.body.consumeWithCancellationOnInboundClose { _ in
                    do {
                        try await Self.run(stream, after: after, subscription: subscription, logger: logger) {
                            try await writer.write($0)
                        }
                    } catch let error where !(error is CancellationError) {
                        logger.error("user event stream failed", metadata: ["error": "\(error)"])
                        try await writer.write(UserEventFormat.error("the stream failed: reconnect to resume"))
                    }
                }
                try await writer.finish(nil)
            })
    }

    /// Runs `stream`, with the change feed of `subscription` beside it when there is one.
    private static func run(
        _ stream: UserEventStream, after: Int64, subscription: RedisSubscription?, logger: Logger,
        write: (ByteBuffer) async throws -> Void
    ) async throws {
        guard let subscription else {
            try await stream.run(after: after, feed: nil, write: write)
            return
        }
        let feed = UserChangeFeed()
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { await UserEventStream.announce(from: subscription, to: feed, logger: logger) }
            defer {
                subscription.finish()
                group.cancelAll()
            }
            try await stream.run(after: after, feed: feed, write: write)
        }
    }
}
