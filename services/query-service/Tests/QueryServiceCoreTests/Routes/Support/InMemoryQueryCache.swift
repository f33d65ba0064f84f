import NIOCore
import QueryServiceCore
import Synchronization

/// ``QueryCache`` in memory, for route tests: answers stored per generation, like
/// ``RedisQueryCache``, and a switch that makes it fail the way an unreachable Redis does.
final class InMemoryQueryCache: QueryCache {
    private struct State {
        var generation = 0
        var answers: [String: ByteBuffer] = [:]
        var available = true
    }

    private let state = Mutex(State())

    /// What log-worker does after each commit: every stored answer becomes stale.
    func advanceGeneration() {
        state.withLock { $0.generation += 1 }
    }

    func setAvailable(_ available: Bool) {
        state.withLock { $0.available = available }
    }

    var storedAnswers: Int { state.withLock { $0.answers.count } }

    func lookup(_ key: QueryCacheKey, for endpoint: QueryCacheMetrics.Endpoint) async -> QueryCacheLookup {
        state.withLock { state in
            guard state.available else { return .unavailable }
            let generation = String(state.generation)
            if let answer = state.answers[key.redisKey(generation: generation)] { return .hit(answer) }
            return .miss(generation: generation)
        }
    }

    func store(
        _ body: ByteBuffer, for key: QueryCacheKey, generation: String, endpoint: QueryCacheMetrics.Endpoint
    )
        async
    {
        state.withLock { state in
            guard state.available else { return }
            state.answers[key.redisKey(generation: generation)] = body
        }
    }
}
