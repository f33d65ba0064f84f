import Contracts
import Foundation
import Logging
import Redis
import ServiceKit
import ServiceLifecycle
import Synchronization

/// The one Redis subscription of a log-api process (channel `file-events`), fanned out in memory to every
/// ``NotificationClient``: WebSockets and SSE streams alike. Runs in the ServiceGroup.
///
/// Guarantees:
/// - One subscription per process, whatever the number of clients; handing an event to a client never waits
///   (its bounded outbox), and a client whose outbox is full is dropped (its transport closed, counted).
/// - A late subscriber misses nothing: a file's first message is its status read from PostgreSQL after the
///   client subscribed, and the changes that come meanwhile are held and ordered against it
///   (``NotificationClient``).
/// - Redis down: clients stay connected (and new ones get their snapshots), the subscription is tried again
///   with backoff; once it is back every client gets fresh snapshots of what it follows, so what was published
///   meanwhile is not missed (``resynchronize()``).
public final class FileEventHub<Store: FileStore>: Service, Sendable {
    let subscriber: RedisSubscriber
    let config: NotificationsConfig
    let store: Store
    let metrics: NotificationMetrics
    let logger: Logger
    /// How long one snapshot read may take before the client is told the status cannot be read now.
    let snapshotTimeout: Duration
    /// Snapshots of an all-files subscriber: the files not final yet, at most this many of each status.
    static var activeFilesShown: Int { 1_000 }

    private struct Member: Sendable {
        let client: NotificationClient
        let transport: NotificationMetrics.Transport
    }

    private let members = Mutex<[ObjectIdentifier: Member]>([:])
    private let subscribed = Atomic<Bool>(false)

    public init(
        config: NotificationsConfig, store: Store, metrics: NotificationMetrics = NotificationMetrics(),
        snapshotTimeout: Duration = .seconds(10), logger: Logger
    ) {
        self.config = config
        self.subscriber = RedisSubscriber(configuration: config.redis, logger: logger)
        self.store = store
        self.metrics = metrics
        self.snapshotTimeout = snapshotTimeout
        self.logger = logger
    }

    /// Whether the Redis subscription is confirmed now (tests wait for it before they publish).
    public var isSubscribed: Bool { subscribed.load(ordering: .relaxed) }

    // MARK: Clients

    func connect(_ client: NotificationClient, transport: NotificationMetrics.Transport) {
        members.withLock { $0[ObjectIdentifier(client)] = Member(client: client, transport: transport) }
        metrics.connected(transport, by: 1)
    }

    /// The transport ended: forget the client.
    func disconnect(_ client: NotificationClient) {
        guard let member = members.withLock({ $0.removeValue(forKey: ObjectIdentifier(client)) }) else { return }
        client.finish()
        metrics.connected(member.transport, by: -1)
    }

    /// Follows `ids`: their snapshots first (read after the subscription, so nothing falls in between).
    func subscribe(_ client: NotificationClient, to ids: [UUID]) async {
        let fresh = client.beginSnapshots(ids)
        guard !fresh.isEmpty else { return }
        await sendSnapshots(of: fresh, to: [client])
    }

    /// Follows every file: the snapshots of those not final yet, then every change.
    func subscribeToAll(_ client: NotificationClient) async {
        client.subscribeToAll()
        await sendActiveSnapshots(to: [client])
    }

    private var clients: [NotificationClient] { members.withLock { $0.values.map(\.client) } }

    private func handle(_ offer: NotificationClient.Offer, from client: NotificationClient) {
        guard offer == .overflowed else { return }
        guard let member = members.withLock({ $0.removeValue(forKey: ObjectIdentifier(client)) }) else { return }
        client.drop()
        metrics.connected(member.transport, by: -1)
        metrics.dropped(member.transport)
        logger.warning(
            "a notification client was too slow to read its messages; dropped",
            metadata: ["transport": "\(member.transport.rawValue)", "buffer": "\(client.capacity)"])
    }

    // MARK: Snapshots

    /// Reads the status of `ids` and gives each client the ones it follows. PostgreSQL unavailable: each client
    /// gets an error message for the file (and the changes held meanwhile).
    private func sendSnapshots(of ids: [UUID], to clients: [NotificationClient]) async {
        let store = self.store
        var found: [UUID: StoredFile] = [:]
        var failed = false
        for chunk in stride(from: 0, to: ids.count, by: 1_000).map({ Array(ids[$0..<min($0 + 1_000, ids.count)]) }) {
            do {
                let files = try await withDeadline(snapshotTimeout) { try await store.files(ids: chunk) }
                for file in files { found[file.id] = file }
            } catch {
                failed = true
                logger.warning("cannot read files' status for notifications", metadata: ["error": "\(error)"])
            }
        }
        for client in clients {
            for id in ids {
                let offer: NotificationClient.Offer
                if let file = found[id] {
                    offer = client.deliver(.found(file.snapshot, attempt: file.attempts), for: id)
                } else {
                    offer = client.deliver(failed ? .unavailable : .missing, for: id)
                }
                handle(offer, from: client)
            }
        }
    }

    private func sendActiveSnapshots(to clients: [NotificationClient]) async {
        guard !clients.isEmpty else { return }
        let store = self.store
        let limit = Self.activeFilesShown
        let active: [StoredFile]
        do {
            active = try await withDeadline(snapshotTimeout) {
                try await store.files(status: .queued, after: nil, limit: limit)
                    + store.files(status: .processing, after: nil, limit: limit)
            }
        } catch {
            logger.warning("cannot read the active files for notifications", metadata: ["error": "\(error)"])
            for client in clients {
                handle(
                    client.offer(
                        .error(.serviceUnavailable, "the files' status cannot be read now (PostgreSQL unavailable)")),
                    from: client)
            }
            return
        }
        for client in clients {
            for file in active {
                handle(client.deliver(.found(file.snapshot, attempt: file.attempts), for: file.id), from: client)
            }
        }
    }

    /// Fresh snapshots for every client: after the subscription came back, what was published while it was
    /// away is in PostgreSQL. States not newer than what a client was sent are left out by the client.
    func resynchronize() async {
        let all = clients
        guard !all.isEmpty else { return }
        metrics.resynchronized()
        let byID = all.flatMap(\.subscribedFiles)
        await sendSnapshots(of: Array(Set(byID)), to: all)
        await sendActiveSnapshots(to: all.filter(\.subscribesToAll))
    }

    // MARK: The subscription

    public func run() async throws {
        await cancelWhenGracefulShutdown {
            await self.follow()
        }
    }

    private func follow() async {
        var delay = Duration.milliseconds(100)
        while !Task.isCancelled {
            do {
                let subscription = try await subscriber.subscribe(
                    to: [config.channel],
                    onResubscribed: { [self] in
                        Task { await self.resynchronize() }
                    })
                subscribed.store(true, ordering: .relaxed)
                logger.info("following file events", metadata: ["channel": "\(config.channel)"])
                delay = .milliseconds(100)
                // Clients that came while Redis was away got snapshots; changes since then are in PostgreSQL.
                await resynchronize()
                for await message in subscription {
                    dispatch(message)
                }
                subscribed.store(false, ordering: .relaxed)
                return
            } catch {
                subscribed.store(false, ordering: .relaxed)
                logger.warning(
                    "cannot subscribe to file events; retrying",
                    metadata: ["channel": "\(config.channel)", "retry_in": "\(delay)", "error": "\(error)"])
                try? await Task.sleep(for: delay)
                delay = min(delay * 2, .seconds(5))
            }
        }
    }

    func dispatch(_ message: RedisPubSubMessage) {
        let event: FileEvent
        do {
            event = try ContractCoding.decode(Envelope<FileEvent>.self, from: Data(message.payload.readableBytesView))
                .payload
        } catch {
            metrics.unreadableEvent()
            logger.warning("an unreadable file event was skipped", metadata: ["error": "\(error)"])
            return
        }
        metrics.received()
        let message = NotificationMessage.change(event)
        for client in clients {
            handle(client.offer(event, as: message), from: client)
        }
    }
}
