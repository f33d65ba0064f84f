import Testing

@testable import RabbitMQ

/// What the connection thread's inbox admits once a shutdown is requested.
@Suite("Command inbox and shutdown", .timeLimit(.minutes(1)))
struct CommandInboxTests {
    @Test func publishCallsAreAdmittedUntilShutdownIsRequestedThenRefused() {
        let inbox = CommandInbox()
        #expect(inbox.admitPublishCall())
        #expect(inbox.admitPublishCall())
        #expect(inbox.activePublishCalls == 2)
        inbox.requestShutdown(.graceful)
        // The calls admitted before stay counted (the thread waits for them); new ones are refused.
        #expect(!inbox.admitPublishCall())
        #expect(inbox.activePublishCalls == 2)
        inbox.publishCallReturned()
        inbox.publishCallReturned()
        #expect(inbox.activePublishCalls == 0)
    }

    @Test func afterAnImmediateShutdownNoQueuedCommandIsTakenButCloseHandsThemBack() {
        let inbox = CommandInbox()
        #expect(inbox.enqueue(.cancelConsumer(consumerID: 1)))
        inbox.requestShutdown(.immediate)
        #expect(inbox.enqueue(.cancelConsumer(consumerID: 2)))
        #expect(inbox.takeCommands().isEmpty)
        #expect(inbox.close().count == 2)
        #expect(!inbox.enqueue(.cancelConsumer(consumerID: 3)))
        #expect(!inbox.admitPublishCall())
    }

    @Test func aGracefulShutdownStillHandsOverQueuedCommands() {
        let inbox = CommandInbox()
        #expect(inbox.enqueue(.cancelConsumer(consumerID: 1)))
        inbox.requestShutdown(.graceful)
        #expect(inbox.enqueue(.cancelConsumer(consumerID: 2)))
        #expect(inbox.takeCommands().count == 2)
    }
}
