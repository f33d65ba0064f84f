import Foundation
import Redis
import Synchronization

/// Measures GET throughput through `RedisConnectionPool`: `concurrency` tasks each send a GET, wait
/// for the reply, and send the next, until `requests` replies arrived (or the time limit passed).
/// Prints one line `requests_per_second=N` on stdout; details on stderr.
@main
struct RedisBench {
    static func main() async throws {
        let options = try BenchmarkOptions(arguments: Array(CommandLine.arguments.dropFirst()))
        let pool = RedisConnectionPool(
            configuration: RedisClientConfiguration(endpoint: options.endpoint, poolSize: options.poolSize))
        // Warm-up: opens the pool's connections before the measured run.
        _ = try await run(count: min(20_000, options.requests), options: options, pool: pool)
        let (completed, elapsed) = try await run(count: options.requests, options: options, pool: pool)
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        let detail = String(
            format: "redis-bench: %d GETs of %d B in %.2f s, concurrency %d, pool size %d (%d connections open)\n",
            completed, options.expectedValueSize, seconds, options.concurrency, options.poolSize,
            pool.openConnectionCount)
        FileHandle.standardError.write(Data(detail.utf8))
        print("requests_per_second=\(Int(Double(completed) / seconds))")
        await pool.shutdown()
    }

    /// Sends GETs from `options.concurrency` tasks until `count` were answered; returns how many
    /// were and how long it took.
    static func run(
        count: Int, options: BenchmarkOptions, pool: RedisConnectionPool
    ) async throws
        -> (completed: Int, elapsed: Duration)
    {
        let issued = IssuedCount()
        let clock = ContinuousClock()
        let deadline = clock.now.advanced(by: options.timeLimit)
        let started = clock.now
        let completed = try await withThrowingTaskGroup(of: Int.self) { group in
            for _ in 0..<options.concurrency {
                group.addTask {
                    var done = 0
                    while issued.take() < count, clock.now < deadline {
                        guard let value = try await pool.get(options.key),
                            value.readableBytes == options.expectedValueSize
                        else {
                            throw UsageError("GET \(options.key) did not return \(options.expectedValueSize) bytes")
                        }
                        done += 1
                    }
                    return done
                }
            }
            return try await group.reduce(0, +)
        }
        return (completed, clock.now - started)
    }
}

/// The number of GETs handed out so far, shared by the sending tasks.
final class IssuedCount: Sendable {
    private let value = Atomic<Int>(0)
    /// Takes the next number: the count before this call.
    func take() -> Int { value.add(1, ordering: .relaxed).oldValue }
}
