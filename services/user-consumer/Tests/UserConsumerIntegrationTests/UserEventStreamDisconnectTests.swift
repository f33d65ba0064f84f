import Hummingbird
import HummingbirdTesting
import Logging
import Redis
import Synchronization
import TestInfra
import Testing

@testable import UserConsumerCore

/// The real PostgreSQL store, counting the pages the stream asks it for.
final class PageCountingStore: UserStore {
    let base: any UserStore
    private let pages = Atomic<Int>(0)

    init(base: any UserStore) { self.base = base }

    var pagesRead: Int { pages.load(ordering: .relaxed) }

    func page(after: Int64, limit: Int) async throws -> [StoredUser] {
        pages.add(1, ordering: .relaxed)
        return try await base.page(after: after, limit: limit)
    }
    func user(id: Int64) async throws -> StoredUser? { try await base.user(id: id) }
    func users(ids: [Int64]) async throws -> [StoredUser] { try await base.users(ids: ids) }
    func insert(_ user: StoredUser, messageID: String) async throws -> Bool {
        try await base.insert(user, messageID: messageID)
    }
    func delete(id: Int64) async throws -> Bool { try await base.delete(id: id) }
}

/// Counts the response bodies that finished being written (or gave up): a streaming handler
/// that has returned.
struct FinishedBodies: RouterMiddleware {
    typealias Context = BasicRequestContext
    let count = Counter()

    final class Counter: Sendable {
        private let value = Atomic<Int>(0)
        func add() { value.add(1, ordering: .relaxed) }
        var current: Int { value.load(ordering: .relaxed) }
    }

    func handle(
        _ request: Request, context: Context, next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        var response = try await next(request, context)
        let body = response.body
        let count = self.count
        response.body = ResponseBody { writer in
            do {
                try await body.write(writer)
            } catch {
                count.add()
                throw error
            }
            count.add()
        }
        return response
    }
}

@Suite("GET /users/sse stops when the client goes away", .timeLimit(.minutes(5)))
struct UserEventStreamDisconnectTests {
    @Test func aWalkStopsReadingPagesAndAFollowStopsWaiting() async throws {
        try await withLiveUserConsumer(role: "api") { api in
            let total = 50_000
            let pageSize = 100
            try await api.seed(1...Int64(total))
            let store = PageCountingStore(base: api.store)
            let finished = FinishedBodies()
            let router = Router(context: BasicRequestContext.self)
            router.add(middleware: finished)
            UserEventsController(
                stream: UserEventStream(store: store, cipher: api.cipher, pageSize: pageSize, heartbeat: .seconds(15)),
                subscriber: RedisSubscriber(configuration: RedisClientConfiguration(endpoint: api.redis.endpoint)),
                changesChannel: api.channel, logger: Logger(label: "user-consumer-test")
            ).addRoutes(to: router)
            let app = Application(router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0)))
            try await app.test(.live) { client in
                let url = "http://127.0.0.1:\(client.port ?? 0)/users/sse"
                do {
                    var stream = try await EventStream.open(url)
                    let first = try await stream.read(until: \.isUser)
                    #expect(first?.id == "1")
                }  // the stream is dropped here: the connection closes
                _ = try await pollUntil("the walk's handler returned", timeout: .seconds(10)) {
                    finished.count.current == 1 ? true : nil
                }
                let pagesAtReturn = store.pagesRead
                #expect(pagesAtReturn < total / pageSize, "it stopped instead of walking all \(total) users")
                #expect(store.pagesRead == pagesAtReturn, "no page is read once the handler returned")

                do {
                    var follow = try await EventStream.open(url + "?after=\(total)&follow=true")
                    let live = try await follow.read { $0.event == "live" }
                    #expect(live != nil)
                }
                let clock = ContinuousClock()
                let closed = clock.now
                _ = try await pollUntil("the follow handler returned", timeout: .seconds(10)) {
                    finished.count.current == 2 ? true : nil
                }
                #expect(clock.now - closed < .seconds(10), "well before the 15 s heartbeat would notice")
            }
        }
    }
}
