import Hummingbird
import HummingbirdWebSocket
import NIOCore

/// The request context of the WebSocket router: Hummingbird's WebSocket context plus the connection's
/// channel, which is closed at once when the client is dropped as too slow (a write to it may be stuck).
struct NotificationsRequestContext: RequestContext, WebSocketRequestContext {
    var coreContext: CoreRequestContextStorage
    let webSocket: WebSocketHandlerReference<Self>
    let channel: any Channel

    init(source: ApplicationRequestContextSource) {
        self.coreContext = .init(source: source)
        self.webSocket = .init()
        self.channel = source.channel
    }
}
