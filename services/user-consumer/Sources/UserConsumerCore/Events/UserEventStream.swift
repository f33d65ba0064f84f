import Logging
import NIOCore
import Redis
import ServiceLifecycle

/// The body of `/users/sse`: every user after a cursor as an event, page by page, then either
/// `end` or, with a change feed, the users committed since the stream began.
///
/// Guarantees:
/// - Never holds more than one page: it reads a page (keyset, `id > cursor`), hands its events to
///   `write`, and reads the next only once `write` returned, so a slow client slows the walk
///   instead of filling memory.
/// - Users come in id order, each once, from `after` on; the last event id is the resume point.
/// - Stops between pages when its task is cancelled (the client went away) or the service shuts
///   down; a follow stream also stops waiting at once.
/// - Follow: see ``UserChangeFeed`` for which changes are sent after the walk.
public struct UserEventStream: Sendable {
    let store: any UserStore
    let cipher: EmailCipher
    let pageSize: Int
    let heartbeat: Duration

    public init(store: any UserStore, cipher: EmailCipher, pageSize: Int, heartbeat: Duration) {
        self.store = store
        self.cipher = cipher
        self.pageSize = pageSize
        self.heartbeat = heartbeat
    }

    /// Writes the events of every user with an id above `after`; then `end`, or with `feed`, `live`
    /// and the changes until cancelled or shut down.
    func run(after: Int64, feed: UserChangeFeed?, write: (ByteBuffer) async throws -> Void) async throws {
        var cursor = after
        var sent = 0
        while !Task.isShuttingDownGracefully {
            try Task.checkCancellation()
            let mark = await feed?.mark()
            let page = try await store.page(after: cursor, limit: pageSize)
            if let feed, let mark { await feed.walked(page.map(\.id), readAfter: mark) }
            guard let last = page.last else { break }
            try await write(try events(page))
            sent += page.count
            cursor = last.id
            if page.count < pageSize { break }
        }
        if Task.isShuttingDownGracefully {
            try await write(UserEventFormat.error("the service is shutting down; reconnect to resume"))
            return
        }
        guard let feed else {
            try await write(UserEventFormat.end(sent: sent))
            return
        }
        try await write(UserEventFormat.live(sent: sent))
        try await withGracefulShutdownHandler {
            try await follow(feed, write: write)
        } onGracefulShutdown: {
            Task { await feed.finish() }
        }
    }

    private func follow(_ feed: UserChangeFeed, write: (ByteBuffer) async throws -> Void) async throws {
        while true {
            try Task.checkCancellation()
            switch await feed.next(limit: pageSize, timeout: heartbeat) {
            case .changed(let ids):
                let users = try await store.users(ids: ids)
                if !users.isEmpty { try await write(try events(users)) }
            case .idle:
                try await write(UserEventFormat.keepAlive)
            case .overflowed:
                try await write(
                    UserEventFormat.error("more users changed than this stream can hold; reconnect to resume"))
                return
            case .finished:
                try Task.checkCancellation()
                try await write(UserEventFormat.error("the service is shutting down; reconnect to resume"))
                return
            }
        }
    }

    private func events(_ users: [StoredUser]) throws -> ByteBuffer {
        var buffer = ByteBuffer()
        buffer.reserveCapacity(users.count * 256)
        for user in users {
            UserEventFormat.writeUser(try user.opened(with: cipher), into: &buffer)
        }
        return buffer
    }

    /// Feeds `feed` with the ids announced on `subscription` until it ends or the task is cancelled.
    static func announce(from subscription: RedisSubscription, to feed: UserChangeFeed, logger: Logger) async {
        for await message in subscription {
            guard let ids = UserChangeMessage.decode(message.text) else {
                logger.warning("ignoring a malformed change message", metadata: ["channel": "\(message.channel)"])
                continue
            }
            await feed.announce(ids)
        }
        await feed.finish()
    }
}
