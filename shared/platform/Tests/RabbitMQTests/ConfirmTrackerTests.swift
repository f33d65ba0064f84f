import Testing

@testable import RabbitMQ

@Suite("Publisher confirms bookkeeping", .timeLimit(.minutes(1)))
struct ConfirmTrackerTests {
    private func published(_ id: String) -> ConfirmTracker<String>.Published {
        .init(messageID: id, exchange: "x", routingKey: "k")
    }

    private func tracker(_ ids: [String]) -> ConfirmTracker<String> {
        var tracker = ConfirmTracker<String>()
        for id in ids { _ = tracker.register(published(id), waiter: "waiter-\(id)") }
        return tracker
    }

    @Test func tagsCountFromOneInPublishOrder() {
        var tracker = ConfirmTracker<String>()
        let first = tracker.register(published("a"), waiter: "")
        let second = tracker.register(published("b"), waiter: "")
        #expect(first == 1)
        #expect(second == 2)
        #expect(tracker.count == 2)
    }

    @Test func aMultipleAckSettlesEveryTagUpToIt() {
        var tracker = tracker(["a", "b", "c", "d"])
        let settled = tracker.resolve(deliveryTag: 3, multiple: true, acknowledged: true)
        #expect(settled.map(\.published.messageID) == ["a", "b", "c"])
        #expect(settled.allSatisfy { $0.outcome == .confirmed })
        #expect(settled.map(\.waiter) == ["waiter-a", "waiter-b", "waiter-c"])
        #expect(tracker.count == 1)
    }

    @Test func singleAcksOutOfOrderThenAMultipleAckSettleEachTagOnce() {
        var tracker = tracker(["a", "b", "c", "d"])
        let single = tracker.resolve(deliveryTag: 2, multiple: false, acknowledged: true)
        let repeated = tracker.resolve(deliveryTag: 2, multiple: false, acknowledged: true)
        #expect(single.map(\.published.messageID) == ["b"])
        #expect(repeated.isEmpty)
        let rest = tracker.resolve(deliveryTag: 4, multiple: true, acknowledged: true)
        #expect(rest.map(\.published.messageID) == ["a", "c", "d"])
        #expect(tracker.isEmpty)
    }

    @Test func aNackFailsTheMessagesItCovers() {
        var tracker = tracker(["a", "b", "c"])
        let nacked = tracker.resolve(deliveryTag: 2, multiple: true, acknowledged: false)
        #expect(nacked.map(\.outcome) == [.nacked, .nacked])
        let last = tracker.resolve(deliveryTag: 3, multiple: false, acknowledged: true)
        #expect(last.first?.outcome == .confirmed)
    }

    @Test func aReturnedMessageIsReportedReturnedWhenItsAckArrives() {
        var tracker = tracker(["a", "b", "c"])
        let marked = tracker.markReturned(messageID: "b", replyCode: 312, replyText: "NO_ROUTE")
        #expect(marked)
        let settled = tracker.resolve(deliveryTag: 3, multiple: true, acknowledged: true)
        #expect(settled.map(\.outcome) == [.confirmed, .returned(replyCode: 312, replyText: "NO_ROUTE"), .confirmed])
    }

    @Test func returnsOfTheSameMessageIDMarkTheOldestUnmarkedPublishFirst() {
        var tracker = tracker(["same", "same"])
        let marked = tracker.markReturned(messageID: "same", replyCode: 312, replyText: "NO_ROUTE")
        #expect(marked)
        let first = tracker.resolve(deliveryTag: 1, multiple: false, acknowledged: true)
        #expect(first.first?.outcome == .returned(replyCode: 312, replyText: "NO_ROUTE"))
        let second = tracker.resolve(deliveryTag: 2, multiple: false, acknowledged: true)
        #expect(second.first?.outcome == .confirmed)
    }

    @Test func aReturnForAnUnknownMessageIsNotApplied() {
        var tracker = tracker(["a"])
        let marked = tracker.markReturned(messageID: "zzz", replyCode: 312, replyText: "NO_ROUTE")
        #expect(!marked)
        let settled = tracker.resolve(deliveryTag: 1, multiple: false, acknowledged: true)
        #expect(settled.first?.outcome == .confirmed)
    }

    @Test func removeAllHandsBackEveryPendingPublishOldestFirstAndRestartsTags() {
        var tracker = tracker(["a", "b", "c"])
        _ = tracker.resolve(deliveryTag: 2, multiple: false, acknowledged: true)
        let removed = tracker.removeAll()
        #expect(removed.map(\.published.messageID) == ["a", "c"])
        #expect(tracker.isEmpty)
        let restarted = tracker.register(published("d"), waiter: "")
        #expect(restarted == 1)
    }
}
