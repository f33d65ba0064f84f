import Synchronization
import Testing

@testable import LogAPICore

@Suite("running with a deadline", .timeLimit(.minutes(2)))
struct DeadlineTests {
    struct Boom: Error {}

    @Test func returnsTheResultOrError() async throws {
        #expect(try await withDeadline(.seconds(5)) { 42 } == 42)
        await #expect(throws: Boom.self) { try await withDeadline(.seconds(5)) { throw Boom() } }
    }

    /// The operation ignores cancellation (as a publish awaiting its confirm does) and finishes only
    /// when the test lets it, after `withDeadline` returned: so it returned without waiting for it.
    /// (No wall-clock bound: on a loaded machine a timer can fire seconds late.)
    @Test func givesUpOnTimeWithoutWaitingForAnOperationThatIgnoresCancellation() async throws {
        let gate = Gate()
        let error = await #expect(throws: DeadlineExceeded.self) {
            try await withDeadline(.milliseconds(100)) {
                await gate.wait()
                return gate.opened
            }
        }
        #expect(error?.limit == .milliseconds(100))
        gate.open()
    }
}

/// An operation's way to wait until the test opens it, whatever cancellation says.
private final class Gate: Sendable {
    private let state = Mutex<(opened: Bool, waiter: CheckedContinuation<Void, Never>?)>((false, nil))

    var opened: Bool { state.withLock { $0.opened } }

    func wait() async {
        await withCheckedContinuation { continuation in
            let openAlready = state.withLock { state in
                if state.opened { return true }
                state.waiter = continuation
                return false
            }
            if openAlready { continuation.resume() }
        }
    }

    func open() {
        let waiter = state.withLock { state in
            state.opened = true
            defer { state.waiter = nil }
            return state.waiter
        }
        waiter?.resume()
    }
}
