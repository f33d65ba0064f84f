import Logging
import NIOCore
import NIOPosix
import ServiceKit
import ServiceLifecycle
import Synchronization

/// A pool of at most ``RedisClientConfiguration/poolSize`` connections to one Redis server.
///
/// Guarantees:
/// - Connections open lazily: the first command opens the first one; another opens while every
///   open connection has commands in flight, up to the pool size. Each command goes to the open
///   connection with the fewest commands in flight, where it is pipelined behind them.
/// - A connection that breaks (server restart, protocol error, command timeout) leaves the pool at
///   once; the commands in flight on it fail, and later commands open a replacement.
/// - Every command fails within the connect timeout plus the command timeout, never hangs.
/// - As a swift-service-lifecycle `Service`, ``run()`` keeps the pool until graceful shutdown;
///   then new commands fail with `shutDown`, the ones in flight get their replies, and every
///   connection closes. ``shutdown()`` does the same outside a ServiceGroup.
///
/// Commands are multiplexed over shared connections, so don't send connection-state commands
/// (`SELECT`, `CLIENT SETNAME`, `SUBSCRIBE`, `MULTI` on its own) or blocking ones (`BLPOP`) through
/// the pool: use a ``RedisConnection`` of your own, or a pipeline for `MULTI … EXEC`, or
/// ``RedisSubscriber`` for pub/sub.
public final class RedisConnectionPool: RedisCommandSending, Service {
    public let configuration: RedisClientConfiguration
    public var endpoint: HostPort { configuration.endpoint }
    private let eventLoopGroup: any EventLoopGroup
    private let logger: Logger
    private let state = Mutex(State())

    /// What the pool holds; guarded by `state`.
    private struct State {
        var open: [RedisConnection] = []
        /// Connections being opened, by id; commands with no open connection wait for one.
        var opening: [Int: EventLoopFuture<RedisConnection>] = [:]
        var nextOpeningID = 0
        var isShutDown = false

        var size: Int { open.count + opening.count }
    }

    public init(
        configuration: RedisClientConfiguration,
        eventLoopGroup: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton,
        logger: Logger = Logger(label: "redis.pool")
    ) {
        self.configuration = configuration
        self.eventLoopGroup = eventLoopGroup
        self.logger = logger
    }

    public func send(_ command: RedisCommand) async throws -> RedisValue {
        try await withRetryIfNeverSent(command.name) { try await $0.send(command) }
    }

    public func pipeline(_ commands: [RedisCommand]) async throws -> [RedisValue] {
        try await withRetryIfNeverSent("PIPELINE") { try await $0.pipeline(commands) }
    }

    /// Runs `operation` on a connection; if that connection failed before the command was even
    /// written (it broke after it was chosen), once more on another: nothing can run twice.
    private func withRetryIfNeverSent<T>(
        _ command: String, _ operation: (RedisConnection) async throws -> T
    ) async throws -> T {
        do {
            return try await operation(try await connection(for: command))
        } catch let error as RedisError where error.wasNeverSent {
            return try await operation(try await connection(for: command))
        }
    }

    /// Connections open right now (for tests and metrics).
    public var openConnectionCount: Int { state.withLock { $0.open.count } }

    // MARK: choosing a connection

    private enum Choice {
        case use(RedisConnection)
        case wait(EventLoopFuture<RedisConnection>)
        case shutDown
    }

    private func connection(for command: String) async throws -> RedisConnection {
        var toOpen: (id: Int, promise: EventLoopPromise<RedisConnection>)?
        let choice = state.withLock { state -> Choice in
            guard !state.isShutDown else { return .shutDown }
            var best: RedisConnection?
            var bestLoad = Int.max
            var sawBroken = false
            for connection in state.open {
                guard connection.isOpen else {
                    sawBroken = true
                    continue
                }
                let load = connection.commandsInFlight
                if load < bestLoad {
                    best = connection
                    bestLoad = load
                    if load == 0 { break }
                }
            }
            // A broken connection leaves when its channel has closed; don't let it hold a place until then.
            if sawBroken { state.open.removeAll { !$0.isOpen } }
            let mayGrow = state.size < configuration.poolSize && state.opening.isEmpty
            if let best {
                // Busy everywhere: use the least busy now, and open one more for the commands to come.
                if bestLoad > 0 && mayGrow { toOpen = reserveOpening(in: &state) }
                return .use(best)
            }
            if let pending = state.opening.values.first { return .wait(pending) }
            toOpen = reserveOpening(in: &state)
            return .wait(toOpen!.promise.futureResult)
        }
        if let toOpen { startOpening(id: toOpen.id, promise: toOpen.promise) }
        switch choice {
        case .use(let connection): return connection
        case .wait(let future): return try await future.get()
        case .shutDown:
            throw RedisError(.shutDown, endpoint: endpoint, command: command, message: "the pool was shut down")
        }
    }

    private func reserveOpening(in state: inout State) -> (id: Int, promise: EventLoopPromise<RedisConnection>) {
        let id = state.nextOpeningID
        state.nextOpeningID += 1
        let promise = eventLoopGroup.next().makePromise(of: RedisConnection.self)
        state.opening[id] = promise.futureResult
        return (id, promise)
    }

    /// Opens a connection outside the lock (NIO may call back on this thread) and files it.
    private func startOpening(id: Int, promise: EventLoopPromise<RedisConnection>) {
        let opened = RedisConnection.makeConnection(
            to: configuration.endpoint, connectTimeout: configuration.connectTimeout,
            commandTimeout: configuration.commandTimeout, eventLoop: promise.futureResult.eventLoop)
        opened.whenComplete { result in
            let keep = self.state.withLock { state -> Bool in
                state.opening[id] = nil
                guard case .success(let connection) = result, !state.isShutDown else { return false }
                state.open.append(connection)
                return true
            }
            switch result {
            case .success(let connection):
                guard keep else {
                    connection.closeNow()
                    return
                }
                self.logger.debug("redis connection opened", metadata: ["endpoint": "\(self.endpoint)"])
                connection.channel.closeFuture.whenComplete { _ in self.forget(connection) }
            case .failure(let error):
                self.logger.warning("redis connection failed", metadata: ["error": "\(error)"])
            }
        }
        promise.completeWith(opened)
    }

    private func forget(_ connection: RedisConnection) {
        state.withLock { state in state.open.removeAll { $0 === connection } }
        logger.debug("redis connection closed", metadata: ["endpoint": "\(endpoint)"])
    }

    // MARK: lifetime

    /// Keeps the pool until graceful shutdown (or cancellation), then shuts it down.
    public func run() async throws {
        try? await gracefulShutdown()
        await shutdown()
    }

    /// Refuses new commands, lets the ones in flight finish (each within the command timeout),
    /// and closes every connection. Safe to call more than once.
    public func shutdown() async {
        let (open, opening) = state.withLock { state in
            state.isShutDown = true
            return (state.open, Array(state.opening.values))
        }
        await withTaskGroup(of: Void.self) { group in
            for connection in open {
                group.addTask { await connection.close() }
            }
            for future in opening {
                // Closed by its completion handler, which sees isShutDown; wait for that to happen.
                group.addTask { _ = try? await future.get().channel.closeFuture.get() }
            }
        }
    }
}
