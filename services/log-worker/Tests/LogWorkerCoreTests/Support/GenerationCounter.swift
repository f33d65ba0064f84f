import Contracts
import Redis
import ServiceKit
import Synchronization

/// Stands in for Redis behind ``QueryCacheGeneration``: it answers `INCR` of the query-cache
/// generation key as Redis does (a counter from 0, the new value as the reply) and refuses every
/// other command with an error reply. Told to, it fails every command, as an unreachable Redis does.
final class GenerationCounter: RedisCommandSending {
    struct Unreachable: Error {}

    let endpoint = HostPort(host: "127.0.0.1", port: 6379)
    /// Protects the generation and whether commands fail.
    private let state = Mutex((generation: 0, unreachable: false))

    func send(_ command: RedisCommand) async throws -> RedisValue {
        try state.withLock { state in
            if state.unreachable { throw Unreachable() }
            guard command == .incr(CacheKeys.logsGeneration) else {
                return .error("ERR this stand-in answers only INCR \(CacheKeys.logsGeneration)")
            }
            state.generation += 1
            return .integer(state.generation)
        }
    }

    func pipeline(_ commands: [RedisCommand]) async throws -> [RedisValue] {
        var replies: [RedisValue] = []
        for command in commands { replies.append(try await send(command)) }
        return replies
    }

    /// The generation as Redis would hold it now.
    var generation: Int { state.withLock { $0.generation } }

    /// Makes every command from now on fail (`true`) or work again (`false`).
    func setUnreachable(_ unreachable: Bool) { state.withLock { $0.unreachable = unreachable } }
}
