import Testing

@testable import LogAPICore

@Suite("running with a deadline", .timeLimit(.minutes(2)))
struct DeadlineTests {
    struct Boom: Error {}

    @Test func returnsTheResultOrError() async throws {
        #expect(try await withDeadline(.seconds(5)) { 42 } == 42)
        await #expect(throws: Boom.self) { try await withDeadline(.seconds(5)) { throw Boom() } }
    }

    @Test func givesUpOnTimeWithoutWaitingForAnOperationThatIgnoresCancellation() async throws {
        let clock = ContinuousClock()
        let started = clock.now
        let error = await #expect(throws: DeadlineExceeded.self) {
            try await withDeadline(.milliseconds(100)) {
                // Ignores cancellation, as a publish awaiting its confirm does.
                await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
                    Task {
                        try? await Task.sleep(for: .seconds(3))
                        continuation.resume()
                    }
                }
            }
        }
        #expect(error?.limit == .milliseconds(100))
        #expect(clock.now - started < .seconds(2))
    }
}
