import Contracts
import Foundation
import TestInfra
import Testing

@testable import UserConsumerCore

@Suite("GET /users/sse with real servers", .timeLimit(.minutes(5)))
struct UserEventStreamTests {
    @Test func streamsEveryUserOnceInOrderThenEnds() async throws {
        try await withLiveUserConsumer(role: "api", overrides: ["USER_SSE_PAGE_SIZE": "100"]) { api in
            try await api.seed(1...1_234)
            var stream = try await EventStream.open(api.baseURL + "/users/sse")
            #expect(stream.status == .ok)
            #expect(stream.headers.first(name: "Content-Type") == "text/event-stream")
            #expect(stream.headers.first(name: "Cache-Control") == "no-cache")
            #expect(stream.headers.first(name: "Connection") == "close")
            let end = try await stream.read { $0.event == "end" }
            #expect(end?.data == #"{"sent":1234}"#)
            let afterEnd = try await stream.next()
            #expect(afterEnd == nil, "the stream ends after `end`")
            #expect(stream.userIDs == Array(1...1_234))
            #expect(stream.events.filter(\.isUser).count == 1_234)
            let fifth = try #require(stream.events.first { $0.id == "5" })
            #expect(try ContractCoding.decode(UserRecord.self, from: fifth.data) == LiveUserConsumer.user(5))
        }
    }

    @Test func resumesAfterLastEventIDOrAfter() async throws {
        try await withLiveUserConsumer(role: "api", overrides: ["USER_SSE_PAGE_SIZE": "7"]) { api in
            try await api.seed(1...50)
            var resumed = try await EventStream.open(api.baseURL + "/users/sse", headers: [("Last-Event-ID", "41")])
            let resumedEnd = try await resumed.read { $0.event == "end" }
            #expect(resumedEnd?.data == #"{"sent":9}"#)
            #expect(resumed.userIDs == Array(42...50))

            var after = try await EventStream.open(api.baseURL + "/users/sse?after=45")
            try await after.read { $0.event == "end" }
            #expect(after.userIDs == Array(46...50))

            // A reconnecting EventSource repeats its URL: the header is the later position.
            var both = try await EventStream.open(
                api.baseURL + "/users/sse?after=10", headers: [("Last-Event-ID", "48")])
            try await both.read { $0.event == "end" }
            #expect(both.userIDs == [49, 50])

            var past = try await EventStream.open(api.baseURL + "/users/sse?after=50")
            let pastEnd = try await past.read { $0.event == "end" }
            #expect(pastEnd?.data == #"{"sent":0}"#)
        }
    }

    @Test func badParametersAre400() async throws {
        try await withLiveUserConsumer(role: "api") { api in
            let header = try await api.execute(.get, "/users/sse", headers: [UserEventsController.lastEventID: "abc"])
            #expect(header.status == .badRequest)
            #expect(header.error == "Last-Event-ID: expected an integer ≥ 0, found \"abc\"")
            #expect(try await api.execute(.get, "/users/sse?after=-2").status == .badRequest)
            let follow = try await api.execute(.get, "/users/sse?follow=maybe")
            #expect(follow.status == .badRequest)
            #expect(try follow.json["parameter"] as? String == "follow")
        }
    }

    @Test func followSendsWhatIsCommittedAfterTheStreamBeganEachOnce() async throws {
        try await withLiveUserConsumer(role: "all", overrides: ["USER_SSE_PAGE_SIZE": "10"]) { api in
            try await api.seed(1...25)
            var stream = try await EventStream.open(api.baseURL + "/users/sse?follow=true")
            #expect(stream.status == .ok)
            let live = try await stream.read { $0.event == "live" }
            #expect(live?.data == #"{"sent":25}"#)
            #expect(stream.userIDs == Array(1...25))

            // One through the API, one through the ingest queue, one changed by ingest.
            #expect(try await api.post(UserWriteRoutesTests.body(for: LiveUserConsumer.user(26))).status == .created)
            let renamed = UserRecord(
                id: 3, firstName: "Renamed", lastName: "Last3", emailAddress: "user3@example.com", createdAt: 1)
            try await api.ingest([LiveUserConsumer.user(27), renamed])
            _ = try await pollUntil("ingested") { try await api.stored(27) }
            // A last user through the API: every change before it was announced before it.
            #expect(try await api.post(UserWriteRoutesTests.body(for: LiveUserConsumer.user(28))).status == .created)
            var changes: [ReceivedEvent] = []
            while !changes.contains(where: { $0.id == "28" }) {
                guard let event = try await stream.read(until: \.isUser) else { break }
                changes.append(event)
            }
            #expect(changes.compactMap(\.id).sorted() == ["26", "27", "28", "3"])
            let third = try #require(changes.first { $0.id == "3" })
            #expect(try ContractCoding.decode(UserRecord.self, from: third.data) == renamed)
            #expect(stream.events.filter { $0.event == "end" }.isEmpty)
        }
    }

    @Test func anIdleFollowStreamSendsKeepAlives() async throws {
        try await withLiveUserConsumer(role: "api", overrides: ["USER_SSE_HEARTBEAT_SECONDS": "1"]) { api in
            // The heartbeat's clock starts when the server opens the stream, which is after this
            // request starts: a lower bound that holds however late this test reads the events.
            let clock = ContinuousClock()
            let started = clock.now
            var stream = try await EventStream.open(api.baseURL + "/users/sse?follow=true", timeout: .seconds(20))
            let live = try await stream.read { $0.event == "live" }
            #expect(live?.data == #"{"sent":0}"#)
            let comment = try await stream.read { $0.comment != nil }
            #expect(comment?.comment == "keep-alive")
            #expect(clock.now - started >= .milliseconds(900))
        }
    }

    @Test func withoutRedisAWalkWorksAndFollowIs503() async throws {
        let closedPort = try FreePort.next()
        try await withLiveUserConsumer(role: "api", overrides: ["REDIS_URL": "redis://127.0.0.1:\(closedPort)"]) {
            api in
            try await api.seed(1...3)
            var walk = try await EventStream.open(api.baseURL + "/users/sse")
            try await walk.read { $0.event == "end" }
            #expect(walk.userIDs == [1, 2, 3])
            let follow = try await api.execute(.get, "/users/sse?follow=true")
            #expect(follow.status == .serviceUnavailable)
            #expect(follow.error?.hasPrefix("follow=true needs Redis") == true)
        }
    }
}
