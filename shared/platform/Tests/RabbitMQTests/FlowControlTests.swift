import Synchronization
import Testing

@testable import RabbitMQ

@Suite("In-flight window and batch outcomes", .timeLimit(.minutes(1)))
struct FlowControlTests {
    @Test func permitsBeyondCapacityWaitUntilReleased() async throws {
        let limiter = InFlightLimiter(capacity: 2)
        try await limiter.acquire(2)
        let acquired = Mutex(false)
        let waiter = Task {
            try await limiter.acquire(1)
            acquired.withLock { $0 = true }
        }
        for _ in 0..<100 { await Task.yield() }
        #expect(!acquired.withLock { $0 }, "no permit is free until one is released")
        limiter.release(1)
        try await waiter.value
        #expect(acquired.withLock { $0 })
        limiter.release(2)
        try await limiter.acquire(2)
    }

    @Test func aCancelledWaiterLeavesWithoutTakingPermits() async throws {
        let limiter = InFlightLimiter(capacity: 1)
        try await limiter.acquire(1)
        let waiter = Task { try await limiter.acquire(1) }
        waiter.cancel()
        await #expect(throws: CancellationError.self) { try await waiter.value }
        limiter.release(1)
        try await limiter.acquire(1)
    }

    @Test func aBatchSucceedsWhenEveryMessageIsConfirmed() async throws {
        let batch = BatchConfirmation(messageCount: 3)
        batch.record(confirmed: 2)
        batch.record(confirmed: 1)
        try await batch.wait()
    }

    @Test func aBatchNamesTheMessagesThatFailed() async {
        let batch = BatchConfirmation(messageCount: 3)
        let waiting = Task { try await batch.wait() }
        let error = RabbitMQError(.publishNacked, broker: "b:1", operation: "publish", messageID: "m2")
        batch.record(confirmed: 2, failures: [("m2", error)])
        do {
            try await waiting.value
            Issue.record("the batch should fail")
        } catch let failure as RabbitMQBatchPublishError {
            #expect(failure.confirmedCount == 2)
            #expect(failure.failures.keys.sorted() == ["m2"])
            #expect(failure.failures["m2"]?.kind == .publishNacked)
        } catch {
            Issue.record("unexpected \(error)")
        }
    }

    @Test func errorsNameBrokerOperationMessageAndReply() {
        let error = RabbitMQError(
            .returnedUnroutable, broker: "127.0.0.1:5672", operation: "basic.publish to exchange 'users'",
            messageID: "m-9", replyCode: 312, detail: "NO_ROUTE")
        #expect(
            error.description
                == "RabbitMQ 127.0.0.1:5672: basic.publish to exchange 'users' (message id 'm-9') failed: returnedUnroutable: 312 NO_ROUTE"
        )
    }
}
