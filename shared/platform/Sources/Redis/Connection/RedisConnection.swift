import Logging
import NIOCore
import NIOPosix
import ServiceKit
import Synchronization

/// One TCP connection to a Redis server, on a SwiftNIO event loop. Non-blocking: commands are
/// written as they are sent, many may be in flight at once (pipelining), and each gets its own
/// reply, matched in order. Every command has a deadline (the command timeout).
///
/// Safe to share between tasks. Commands sent from several tasks at once interleave whole: the
/// commands of one ``pipeline(_:)`` call are written together, so nothing comes between them
/// (which makes `MULTI … EXEC` in one pipeline a transaction). Blocking commands (`BLPOP`) and
/// state-changing ones (`SELECT`, `SUBSCRIBE`) hold up or change the connection for every user:
/// don't send them on a shared connection.
public final class RedisConnection: Sendable {
    /// The server this connection talks to.
    public let endpoint: HostPort
    let channel: any Channel
    private let handler: NIOLoopBound<RedisConnectionHandler>
    private let commandTimeout: Duration
    private let health: ConnectionHealth
    /// Commands written and not yet answered; the pool sends to the least busy connection.
    private let inFlight = Atomic<Int>(0)

    private init(
        channel: any Channel, handler: NIOLoopBound<RedisConnectionHandler>, health: ConnectionHealth,
        endpoint: HostPort, commandTimeout: Duration
    ) {
        self.channel = channel
        self.handler = handler
        self.health = health
        self.endpoint = endpoint
        self.commandTimeout = commandTimeout
    }

    /// Opens a connection; fails with `connectFailed` when the server refuses it or does not
    /// accept it within `connectTimeout`.
    public static func connect(
        to endpoint: HostPort, connectTimeout: Duration = .seconds(5), commandTimeout: Duration = .seconds(5),
        eventLoopGroup: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton
    ) async throws -> RedisConnection {
        try await makeConnection(
            to: endpoint, connectTimeout: connectTimeout, commandTimeout: commandTimeout,
            eventLoop: eventLoopGroup.next()
        ).get()
    }

    /// Opens a connection on `eventLoop`; the future fails with a `connectFailed` ``RedisError``.
    static func makeConnection(
        to endpoint: HostPort, connectTimeout: Duration, commandTimeout: Duration, eventLoop: any EventLoop
    ) -> EventLoopFuture<RedisConnection> {
        let health = ConnectionHealth()
        return ClientBootstrap(group: eventLoop)
            .connectTimeout(TimeAmount(connectTimeout))
            .channelOption(.socketOption(.tcp_nodelay), value: 1)
            .channelOption(.socketOption(.so_keepalive), value: 1)
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    let handler = RedisConnectionHandler(endpoint: endpoint, health: health)
                    try channel.pipeline.syncOperations.addHandler(handler)
                    return ()
                }
            }
            .connect(host: endpoint.host, port: endpoint.port)
            .flatMapThrowing { channel in
                let handler = try channel.pipeline.syncOperations.handler(type: RedisConnectionHandler.self)
                return RedisConnection(
                    channel: channel, handler: NIOLoopBound(handler, eventLoop: channel.eventLoop),
                    health: health, endpoint: endpoint, commandTimeout: commandTimeout)
            }
            .flatMapErrorThrowing { error in
                throw RedisError(.connectFailed, endpoint: endpoint, command: nil, message: "\(error)")
            }
    }

    /// Whether the connection still takes commands: open, not failed, not closing.
    public var isOpen: Bool { health.isUsable && channel.isActive }

    /// Commands written on this connection and not yet answered.
    var commandsInFlight: Int { inFlight.load(ordering: .relaxed) }

    /// Sends one command and returns its reply. An error reply throws a ``RedisError`` of kind
    /// `serverError` carrying the server's message.
    public func send(_ command: RedisCommand) async throws -> RedisValue {
        let promise = channel.eventLoop.makePromise(of: RedisValue.self)
        submit(payload: encode([command]), completion: .single(promise), command: command.name)
        let reply = try await awaitReply(promise.futureResult)
        if case .error(let message) = reply {
            throw RedisError(.serverError, endpoint: endpoint, command: command.name, message: message)
        }
        return reply
    }

    /// Sends `commands` in one write and returns their replies in order. Error replies are
    /// returned in place as ``RedisValue/error(_:)`` (one failing command does not hide the
    /// others' results); a lost connection or a timeout throws.
    public func pipeline(_ commands: [RedisCommand]) async throws -> [RedisValue] {
        guard !commands.isEmpty else { return [] }
        let promise = channel.eventLoop.makePromise(of: [RedisValue].self)
        submit(payload: encode(commands), completion: .pipeline(count: commands.count, promise), command: "PIPELINE")
        return try await awaitReply(promise.futureResult)
    }

    /// Closes the connection after the commands in flight have their replies.
    public func close() async {
        let handler = self.handler
        channel.eventLoop.execute { handler.value.closeGracefully() }
        try? await channel.closeFuture.get()
    }

    /// Closes the connection now; commands in flight fail with `connectionClosed`.
    func closeNow() {
        channel.close(promise: nil)
    }

    private func encode(_ commands: [RedisCommand]) -> ByteBuffer {
        RedisCommandEncoder.encode(commands, allocator: channel.allocator)
    }

    private func submit(payload: ByteBuffer, completion: RedisRequest.Completion, command: String) {
        let request = RedisRequest(
            payload: payload, completion: completion, command: command, timeout: commandTimeout,
            deadline: .now() + TimeAmount(commandTimeout))
        let handler = self.handler
        inFlight.add(1, ordering: .relaxed)
        if channel.eventLoop.inEventLoop {
            handler.value.send(request)
        } else {
            channel.eventLoop.execute { handler.value.send(request) }
        }
    }

    private func awaitReply<Value: Sendable>(_ future: EventLoopFuture<Value>) async throws -> Value {
        defer { inFlight.subtract(1, ordering: .relaxed) }
        return try await future.get()
    }
}

extension RedisConnection: RedisCommandSending {}

/// Whether a connection may take more commands; written by its handler on the event loop, read
/// by the pool from any thread.
final class ConnectionHealth: Sendable {
    private let usable = Atomic<Bool>(true)
    var isUsable: Bool { usable.load(ordering: .acquiring) }
    func markUnusable() { usable.store(false, ordering: .releasing) }
}
