import Hummingbird
import HummingbirdCore
import HummingbirdWebSocket
import ServiceKit

/// The live notifications of file processing: the WebSocket `/notifications/events` (``FileEventsWebSocket``,
/// served through ``channel()``), its plain-HTTP answers, and `GET /files/{id}/events`
/// (``FileEventStream``). All of them feed from one ``FileEventHub``.
public struct NotificationRoutes<Store: FileStore>: Sendable {
    let hub: FileEventHub<Store>
    let config: NotificationsConfig

    public init(hub: FileEventHub<Store>, config: NotificationsConfig) {
        self.hub = hub
        self.config = config
    }

    /// Each connection's channel: HTTP/1 with the WebSocket upgrade of `/notifications/events`.
    public func channel() -> @Sendable (@escaping HTTPChannelHandler.Responder) -> HTTP1WebSocketUpgradeChannel {
        FileEventsWebSocket(hub: hub, config: config).channel()
    }

    public func addRoutes<Context: RequestContext>(to router: some RouterMethods<Context>) {
        let stream = FileEventStream(hub: hub, config: config)
        router.get("files/:id/events") { request, context in
            try await stream.respond(request, id: context.parameters.get("id") ?? "")
        }
        // Reached by a request that is not a WebSocket upgrade, or whose upgrade was refused.
        let maxFiles = config.maxFiles
        router.get(RouterPath(FileEventsWebSocket<Store>.path)) { request, _ -> Response in
            _ = try SubscriptionRequest.fileIDs(QueryParameters.pairs(of: request), maximum: maxFiles)
            throw APIError(
                .upgradeRequired,
                "this endpoint is a WebSocket: connect with Upgrade: websocket (or follow one file with "
                    + "GET /files/{id}/events, Server-Sent Events)",
                code: "upgrade_required")
        }
    }
}
