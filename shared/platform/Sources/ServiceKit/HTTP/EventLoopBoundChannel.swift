import HummingbirdCore
import Logging
import NIOCore

/// Wraps the server's per-connection channel so that the connection's handler, and every request
/// handler it calls, prefers the connection's own event loop as task executor.
///
/// Hummingbird starts one task per connection on the global concurrent executor; each read from
/// and write to the socket then hops between the pool and the event loop. With the preference the
/// whole connection stays on one thread (measured on `POST /log`: BENCHMARKS.md, issue 10).
/// Generic over the channel, so plain HTTP/1 and the WebSocket-upgrading channel are both wrapped.
public struct EventLoopBoundChannel<Base: ServerChildChannel>: ServerChildChannel {
    public typealias Value = Base.Value

    public let base: Base

    public init(_ base: Base) {
        self.base = base
    }

    public func setup(channel: any Channel, logger: Logger) -> EventLoopFuture<Value> {
        self.base.setup(channel: channel, logger: logger)
    }

    public func handle(value: Value, logger: Logger) async {
        let executor = EventLoopTaskExecutor(value.channel.eventLoop)
        await withTaskExecutorPreference(executor) {
            await self.base.handle(value: value, logger: logger)
        }
    }
}

extension HTTPServerBuilder {
    /// This builder's channel with every connection's handler on its own event loop.
    public static func onEventLoop<Channel: ServerChildChannel>(
        _ makeChannel: @escaping @Sendable (@escaping HTTPChannelHandler.Responder) throws -> Channel
    ) -> HTTPServerBuilder {
        .init { responder in
            EventLoopBoundChannel(try makeChannel(responder))
        }
    }
}
