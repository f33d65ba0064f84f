/// One Redis command: its name and arguments, ready to be encoded with ``RedisCommandEncoder``.
///
/// The typed constructors (``get(_:)``, ``set(_:to:expiration:)``…) build the argument lists
/// the server expects; ``init(_:)`` takes any command the server knows.
public struct RedisCommand: Sendable, Hashable {
    /// The name followed by the arguments, as sent.
    public let arguments: [RedisArgument]

    /// A command from its name and arguments; `arguments` must not be empty.
    public init(_ arguments: [RedisArgument]) {
        precondition(!arguments.isEmpty, "a Redis command needs at least its name")
        self.arguments = arguments
    }

    public init(_ name: String, _ arguments: [any RedisArgumentConvertible] = []) {
        self.arguments = [RedisArgument(name)] + arguments.map(\.redisArgument)
    }

    /// The command name in upper case (`GET`), for errors and logs; never the keys or values,
    /// which may be large or private.
    public var name: String {
        guard case .text(let text) = arguments[0].storage else { return "(binary command)" }
        return text.uppercased()
    }
}

/// How long a key set with ``RedisCommand/set(_:to:expiration:)`` lives.
public enum RedisExpiration: Sendable, Hashable {
    /// `EX seconds`
    case seconds(Int)
    /// `PX milliseconds`
    case milliseconds(Int)
}

extension RedisCommand {
    public static func get(_ key: String) -> RedisCommand { RedisCommand("GET", [key]) }

    public static func set(
        _ key: String, to value: some RedisArgumentConvertible, expiration: RedisExpiration? = nil
    ) -> RedisCommand {
        var arguments: [any RedisArgumentConvertible] = [key, value]
        switch expiration {
        case .seconds(let seconds): arguments += ["EX", seconds]
        case .milliseconds(let milliseconds): arguments += ["PX", milliseconds]
        case nil: break
        }
        return RedisCommand("SET", arguments)
    }

    public static func del(_ keys: [String]) -> RedisCommand { RedisCommand("DEL", keys) }
    public static func mget(_ keys: [String]) -> RedisCommand { RedisCommand("MGET", keys) }
    public static func incr(_ key: String) -> RedisCommand { RedisCommand("INCR", [key]) }
    public static func incrBy(_ key: String, _ amount: Int) -> RedisCommand { RedisCommand("INCRBY", [key, amount]) }
    public static func expire(_ key: String, seconds: Int) -> RedisCommand { RedisCommand("EXPIRE", [key, seconds]) }
    public static func pexpire(_ key: String, milliseconds: Int) -> RedisCommand {
        RedisCommand("PEXPIRE", [key, milliseconds])
    }
    public static func ttl(_ key: String) -> RedisCommand { RedisCommand("TTL", [key]) }
    public static func pttl(_ key: String) -> RedisCommand { RedisCommand("PTTL", [key]) }
    public static func exists(_ keys: [String]) -> RedisCommand { RedisCommand("EXISTS", keys) }
    public static func publish(_ channel: String, _ message: some RedisArgumentConvertible) -> RedisCommand {
        RedisCommand("PUBLISH", [channel, message])
    }
    public static func ping() -> RedisCommand { RedisCommand("PING") }
}
