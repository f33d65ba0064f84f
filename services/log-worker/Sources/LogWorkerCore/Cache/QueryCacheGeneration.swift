import Contracts
import Logging
import Redis

/// The log query-cache generation (``CacheKeys/logsGeneration``), which log-worker `INCR`s in
/// Redis after each commit and query-service puts into every cached query's key: once the
/// generation moved, no cached answer from before the commit is served.
///
/// Guarantees: ``bump()`` never throws and returns within the Redis pool's connect and command
/// timeouts (250 ms each by default). The cache is derived data: a failed bump is logged and
/// counted, and the batch is acknowledged all the same; the next successful bump (the next batch)
/// invalidates every older cached answer.
struct QueryCacheGeneration: Sendable {
    let redis: any RedisCommandSending
    let metrics: LogIngestMetrics
    let logger: Logger

    func bump() async {
        do {
            let generation = try await redis.incr(CacheKeys.logsGeneration)
            metrics.generationBumped()
            logger.trace("query-cache generation bumped", metadata: ["generation": "\(generation)"])
        } catch {
            metrics.generationBumpFailed()
            logger.warning(
                "cannot bump the query-cache generation; cached queries may miss the batch until the next bump",
                metadata: ["key": "\(CacheKeys.logsGeneration)", "error": "\(error)"])
        }
    }
}
