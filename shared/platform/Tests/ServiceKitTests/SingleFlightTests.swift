import ServiceKit
import Synchronization
import Testing

@Suite("SingleFlight", .timeLimit(.minutes(1)))
struct SingleFlightTests {
    /// A count the callers' tasks share.
    final class Count: Sendable {
        private let count = Mutex(0)
        func add() { count.withLock { $0 += 1 } }
        var value: Int { count.withLock { $0 } }
    }

    @Test func concurrentCallersOfOneKeyShareOneRun() async throws {
        let flights = SingleFlight<String, Int>()
        let runs = Count()
        let arrived = Count()
        let results = try await withThrowingTaskGroup(of: Int.self) { group in
            for _ in 0..<20 {
                group.addTask {
                    arrived.add()
                    return try await flights.run("key") {
                        runs.add()
                        // Held (bounded) until every caller has arrived, and a while for the last to join.
                        for _ in 0..<2000 where arrived.value < 20 {
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
        #expect(runs.value == 1)
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
