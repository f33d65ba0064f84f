import NIOCore
import ServiceKit

/// Something that sends commands to one Redis server: a ``RedisConnectionPool`` or a single
/// ``RedisConnection``. The typed commands (GET, SET, MGET…) are built on these two methods.
public protocol RedisCommandSending: Sendable {
    /// The server the commands go to.
    var endpoint: HostPort { get }
    /// Sends one command; an error reply throws a `serverError` ``RedisError`` with the server's message.
    func send(_ command: RedisCommand) async throws -> RedisValue
    /// Sends the commands in one write and returns every reply in order, error replies included
    /// as ``RedisValue/error(_:)``.
    func pipeline(_ commands: [RedisCommand]) async throws -> [RedisValue]
}

extension RedisCommandSending {
    /// Sends any command given as its name and arguments, strings or bytes:
    /// `send(["HSET", "user:1", "name", RedisArgument(bytes: name)])`.
    @discardableResult
    public func send(_ arguments: [RedisArgument]) async throws -> RedisValue {
        try await send(RedisCommand(arguments))
    }

    /// Reads a typed reply, or throws `unexpectedReply` naming the command and what came instead.
    func decode<T>(_ reply: RedisValue, of command: RedisCommand, _ read: (RedisValue) -> T?) throws -> T {
        guard let value = read(reply) else {
            throw RedisError(.unexpectedReply, endpoint: endpoint, command: command.name, message: "\(reply)")
        }
        return value
    }
}
