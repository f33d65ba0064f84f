import Testing

@testable import UserConsumerCore

@Suite("follow: which changes the walk already carried", .timeLimit(.minutes(1)))
struct UserChangeFeedTests {
    @Test func aChangeAnnouncedBeforeItsPageWasReadIsNotSentAgain() async {
        let feed = UserChangeFeed()
        await feed.announce([5, 900])
        let mark = await feed.mark()
        await feed.walked([1, 5, 9], readAfter: mark)
        #expect(await feed.next(limit: 10, timeout: .seconds(5)) == .changed([900]))
    }

    @Test func aChangeAnnouncedWhileOrAfterItsPageWasReadIsSent() async {
        let feed = UserChangeFeed()
        let mark = await feed.mark()
        await feed.announce([5])  // arrives while the page query runs
        await feed.walked([1, 5, 9], readAfter: mark)
        await feed.announce([1])  // arrives after the page was read
        #expect(await feed.next(limit: 10, timeout: .seconds(5)) == .changed([1, 5]))
    }

    @Test func anIDAnnouncedAgainAfterTheMarkStays() async {
        let feed = UserChangeFeed()
        await feed.announce([5])
        let mark = await feed.mark()
        await feed.announce([5])
        await feed.walked([5], readAfter: mark)
        #expect(await feed.next(limit: 10, timeout: .seconds(5)) == .changed([5]))
    }

    @Test func sendsTheSmallestIDsFirstEachOnce() async {
        let feed = UserChangeFeed()
        await feed.announce([30, 10, 20])
        await feed.announce([10])
        #expect(await feed.next(limit: 2, timeout: .seconds(5)) == .changed([10, 20]))
        #expect(await feed.next(limit: 2, timeout: .seconds(5)) == .changed([30]))
        #expect(await feed.pendingCount == 0)
    }

    @Test func idleAfterTheTimeoutWithNothingPending() async {
        let feed = UserChangeFeed()
        let clock = ContinuousClock()
        let started = clock.now
        #expect(await feed.next(limit: 10, timeout: .milliseconds(50)) == .idle)
        #expect(clock.now - started >= .milliseconds(50))
    }

    /// Returns once `feed` has a stream waiting in `next` (5 s at most).
    func untilWaiting(_ feed: UserChangeFeed) async {
        let clock = ContinuousClock()
        let deadline = clock.now + .seconds(5)
        while await !feed.isWaiting, clock.now < deadline { await Task.yield() }
        #expect(await feed.isWaiting)
    }

    @Test func aWaitingStreamWakesOnAnAnnouncement() async {
        let feed = UserChangeFeed()
        async let next = feed.next(limit: 10, timeout: .seconds(30))
        await untilWaiting(feed)
        await feed.announce([8])
        #expect(await next == .changed([8]))
    }

    @Test func overflowsPastItsCapacity() async {
        let feed = UserChangeFeed(capacity: 3)
        await feed.announce([1, 2, 3])
        await feed.announce([4])
        #expect(await feed.next(limit: 10, timeout: .seconds(5)) == .overflowed)
    }

    @Test func finishesWhenTheSubscriptionEnds() async {
        let feed = UserChangeFeed()
        async let next = feed.next(limit: 10, timeout: .seconds(30))
        await untilWaiting(feed)
        await feed.finish()
        #expect(await next == .finished)
    }

    @Test func aCancelledWaitEndsAtOnce() async {
        let feed = UserChangeFeed()
        let clock = ContinuousClock()
        let started = clock.now
        let waiting = Task { await feed.next(limit: 10, timeout: .seconds(30)) }
        await untilWaiting(feed)  // the wait is what must end
        waiting.cancel()
        #expect(await waiting.value == .finished)
        #expect(clock.now - started < .seconds(5))
    }
}
