import NIOCore

/// The typed key commands: each builds its ``RedisCommand``, sends it with ``RedisCommandSending/send(_:)-(RedisCommand)``
/// and reads the reply into a Swift type.
extension RedisCommandSending {
    /// GET: the value's bytes, or nil when the key does not exist.
    public func get(_ key: String) async throws -> ByteBuffer? {
        let command = RedisCommand.get(key)
        let reply = try await send(command)
        if reply.isNull { return nil }
        return try decode(reply, of: command) { $0.bytes }
    }

    /// GET, read as UTF-8 text.
    public func getString(_ key: String) async throws -> String? {
        try await get(key).map { String(buffer: $0) }
    }

    /// SET, with an optional expiry (`EX` seconds or `PX` milliseconds).
    public func set(
        _ key: String, to value: some RedisArgumentConvertible, expiration: RedisExpiration? = nil
    ) async throws {
        let command = RedisCommand.set(key, to: value, expiration: expiration)
        let reply = try await send(command)
        guard reply == .simpleString("OK") else {
            throw RedisError(.unexpectedReply, endpoint: endpoint, command: command.name, message: "\(reply)")
        }
    }

    /// DEL: how many of the keys existed and were removed.
    @discardableResult
    public func del(_ keys: [String]) async throws -> Int {
        let command = RedisCommand.del(keys)
        return try decode(try await send(command), of: command) { $0.integer }
    }

    @discardableResult
    public func del(_ keys: String...) async throws -> Int { try await del(keys) }

    /// MGET: one entry per key, in order; nil where the key does not exist.
    public func mget(_ keys: [String]) async throws -> [ByteBuffer?] {
        let command = RedisCommand.mget(keys)
        let elements = try decode(try await send(command), of: command) { $0.array }
        return elements.map(\.bytes)
    }

    /// INCR: the value after the increment. A value that is not an integer throws a
    /// `serverError` ``RedisError`` with the server's message.
    @discardableResult
    public func incr(_ key: String) async throws -> Int {
        let command = RedisCommand.incr(key)
        return try decode(try await send(command), of: command) { $0.integer }
    }

    /// INCRBY: the value after adding `amount`.
    @discardableResult
    public func incr(_ key: String, by amount: Int) async throws -> Int {
        let command = RedisCommand.incrBy(key, amount)
        return try decode(try await send(command), of: command) { $0.integer }
    }

    /// EXPIRE: true when the key exists and now expires in `seconds`.
    @discardableResult
    public func expire(_ key: String, seconds: Int) async throws -> Bool {
        let command = RedisCommand.expire(key, seconds: seconds)
        return try decode(try await send(command), of: command) { $0.integer } == 1
    }

    /// PTTL: milliseconds left, or nil when the key does not exist or has no expiry.
    public func timeToLive(_ key: String) async throws -> Duration? {
        let command = RedisCommand.pttl(key)
        let milliseconds = try decode(try await send(command), of: command) { $0.integer }
        return milliseconds >= 0 ? .milliseconds(milliseconds) : nil
    }

    /// EXISTS: how many of the keys exist.
    public func exists(_ keys: String...) async throws -> Int {
        let command = RedisCommand.exists(keys)
        return try decode(try await send(command), of: command) { $0.integer }
    }

    /// PUBLISH: how many subscribers received the message (on this server).
    @discardableResult
    public func publish(_ message: some RedisArgumentConvertible, to channel: String) async throws -> Int {
        let command = RedisCommand.publish(channel, message)
        return try decode(try await send(command), of: command) { $0.integer }
    }

    /// PING: returns when the server answered PONG.
    public func ping() async throws {
        let command = RedisCommand.ping()
        let reply = try await send(command)
        guard reply == .simpleString("PONG") else {
            throw RedisError(.unexpectedReply, endpoint: endpoint, command: command.name, message: "\(reply)")
        }
    }
}
