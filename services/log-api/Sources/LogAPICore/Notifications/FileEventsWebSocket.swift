import Foundation
import Hummingbird
import HummingbirdCore
import HummingbirdWebSocket
import Logging
import NIOWebSocket
import ServiceKit

/// `GET /notifications/events` upgraded to a WebSocket: a client follows files and gets one text message per
/// snapshot, change or error (``NotificationMessage``).
///
/// - Following: `?file_id=` (repeated) at connect, or `{"subscribe":[…]}` / `{"unsubscribe":[…]}` messages
///   (``SubscriptionRequest``). Without `file_id` the socket follows every file until its first message that
///   subscribes to ids, which narrows it to those.
/// - Ping every `NOTIFY_PING_INTERVAL`; a socket that did not answer the previous ping is closed.
/// - A bad `file_id` refuses the upgrade: the request reaches the HTTP route (``NotificationRoutes``), which
///   answers 400 naming it.
struct FileEventsWebSocket<Store: FileStore>: Sendable {
    static var path: String { "notifications/events" }
    /// The longest client message read: a subscription to `NOTIFY_MAX_FILES` ids fits.
    static var maxMessageBytes: Int { 1 << 22 }

    let hub: FileEventHub<Store>
    let config: NotificationsConfig

    /// Makes each connection's channel: HTTP/1 that upgrades `/notifications/events`, for
    /// ``ServiceApplication`` (which runs it on the connection's event loop).
    func channel() -> @Sendable (@escaping HTTPChannelHandler.Responder) -> HTTP1WebSocketUpgradeChannel {
        let router = Router(context: NotificationsRequestContext.self)
        let maxFiles = config.maxFiles
        router.ws(
            RouterPath(Self.path),
            shouldUpgrade: { request, _ in
                _ = try SubscriptionRequest.fileIDs(QueryParameters.pairs(of: request), maximum: maxFiles)
                return .upgrade([:])
            },
            onUpgrade: { inbound, outbound, context in
                try await session(inbound: inbound, outbound: outbound, context: context)
            })
        let webSocketResponder = router.buildResponder()
        // Frames up to 1 MiB: a subscription to NOTIFY_MAX_FILES ids is one frame from most clients.
        let configuration = HTTP1WebSocketUpgradeChannel.Configuration(
            ws: .init(maxFrameSize: 1 << 20, autoPing: .enabled(timePeriod: config.pingInterval)))
        return { responder in
            HTTP1WebSocketUpgradeChannel(
                responder: responder, webSocketResponder: webSocketResponder, configuration: configuration)
        }
    }

    private func session(
        inbound: WebSocketInboundStream, outbound: WebSocketOutboundWriter,
        context: WebSocketRouterContext<NotificationsRequestContext>
    ) async throws {
        let channel = context.requestContext.channel
        let client = NotificationClient(capacity: config.clientBuffer, close: { channel.close(promise: nil) })
        let ids =
            (try? SubscriptionRequest.fileIDs(QueryParameters.pairs(of: context.request), maximum: config.maxFiles))
            ?? []
        hub.connect(client, transport: .webSocket)
        defer { hub.disconnect(client) }
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask {
                while let message = await client.next() {
                    // The message's own buffer as the frame: no copy per socket (server frames are not masked).
                    try await outbound.write(.custom(WebSocketFrame(fin: true, opcode: .text, data: message.json)))
                }
            }
            group.addTask {
                if ids.isEmpty { await hub.subscribeToAll(client) } else { await hub.subscribe(client, to: ids) }
                try await read(inbound, for: client, followingAllByDefault: ids.isEmpty)
            }
            // Either side ending ends the session: the client went away, or it was dropped.
            _ = try await group.next()
            client.finish()
            group.cancelAll()
        }
    }

    private func read(
        _ inbound: WebSocketInboundStream, for client: NotificationClient, followingAllByDefault: Bool
    ) async throws {
        var followingAllByDefault = followingAllByDefault
        for try await message in inbound.messages(maxSize: Self.maxMessageBytes) {
            guard case .text(let text) = message else {
                client.offer(.error(.badRequest, #"expected a text message such as {"subscribe":["<file id>"]}"#))
                continue
            }
            let request: SubscriptionRequest
            switch SubscriptionRequest.parse(text) {
            case .failure(let error):
                client.offer(.error(.badRequest, error.reason))
                continue
            case .success(let parsed):
                request = parsed
            }
            switch request.unsubscribe {
            case .all?:
                client.unsubscribeFromAll()
                followingAllByDefault = false
            case .files(let ids)?:
                client.unsubscribe(ids)
            case nil:
                break
            }
            switch request.subscribe {
            case .all?:
                await hub.subscribeToAll(client)
            case .files(let ids)?:
                if followingAllByDefault {
                    client.unsubscribeFromAll()
                    followingAllByDefault = false
                }
                guard client.subscribedFiles.count + ids.count <= config.maxFiles else {
                    client.offer(.error(.badRequest, "subscribe: at most \(config.maxFiles) files per connection"))
                    continue
                }
                await hub.subscribe(client, to: ids)
            case nil:
                break
            }
        }
    }
}
