import Synchronization
import Testing

@testable import ServiceKit

@Suite("Time limits and retries", .timeLimit(.minutes(1)))
struct DeadlineTests {
    @Test func timeoutReturnsTheValueWhenInTime() async throws {
        #expect(try await withTimeout(.seconds(5)) { 42 } == 42)
    }

    @Test func timeoutThrowsWhenTheOperationHangs() async {
        await #expect(throws: TimeoutError.self) {
            try await withTimeout(.milliseconds(50)) { try await Task.sleep(for: .seconds(30)) }
        }
    }

    @Test func retrySucceedsAfterTransientFailures() async throws {
        let attempts = Atomic<Int>(0)
        // Three attempts take milliseconds; the deadline is far, because a loaded machine can stall a
        // process for seconds, and the point here is the retry, not the deadline.
        let value = try await retryWithBackoff(deadline: .seconds(40), initialDelay: .milliseconds(1)) {
            if attempts.add(1, ordering: .relaxed).newValue < 3 { throw DependencyCheckError("not yet") }
            return "done"
        }
        #expect(value == "done")
        #expect(attempts.load(ordering: .relaxed) == 3)
    }

    @Test func retryGivesUpAtTheDeadlineWithTheLastError() async {
        let error = await #expect(throws: DependencyCheckError.self) {
            try await retryWithBackoff(deadline: .milliseconds(100), initialDelay: .milliseconds(10)) {
                throw DependencyCheckError("still down")
            }
        }
        #expect(error?.description == "still down")
    }
}
