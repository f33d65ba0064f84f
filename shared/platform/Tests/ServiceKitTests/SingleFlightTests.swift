import ServiceKit
import Synchronization
import Testing

@Suite("SingleFlight", .timeLimit(.minutes(1)))
struct SingleFlightTests {
    @Test func concurrentCallersOfOneKeyShareOneRun() async throws {
        let flights = SingleFlight<String, Int>()
        let runs = Mutex(0)
        let arrived = Mutex(0)
        let results = try await withThrowingTaskGroup(of: Int.self) { group in
            for _ in 0..<20 {
                group.addTask {
                    arrived.withLock { $0 += 1 }
                    return try await flights.run("key") {
                        runs.withLock { $0 += 1 }
                        // Held (bounded) until every caller has arrived, and a while for the last to join.
                        for _ in 0..<2000 where arrived.withLock({ $0 }) < 20 {
                            try await Task.sleep(for: .milliseconds(1))
                        }
                        try await Task.sleep(for: .milliseconds(200))
                        return 42
                    }
                }
            }
            return try await group.reduce(into: [Int]()) { $0.append($1) }
        }
        #expect(results == Array(repeating: 42, count: 20))
        #expect(runs.withLock { $0 } == 1)
        #expect(flights.count == 0)
    }

    @Test func errorsAreSharedAndTheNextCallRunsAfresh() async throws {
        struct Failure: Error {}
        let flights = SingleFlight<Int, Int>()
        await #expect(throws: Failure.self) { try await flights.run(1) { throw Failure() } }
        #expect(try await flights.run(1) { 7 } == 7)
        #expect(try await flights.run(2) { 8 } == 8)
    }
}
