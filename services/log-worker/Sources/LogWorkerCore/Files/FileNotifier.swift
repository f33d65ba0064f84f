import Contracts
import Foundation
import Logging
import Redis

/// Publishes one file's events on Redis (`Envelope<FileEvent>` JSON on ``FileProcessingConfig/eventsChannel``)
/// and bumps the query-cache generation after its commits, in the background and in order.
///
/// Why in the background: Redis is derived here. PostgreSQL holds the status; an event is a notification and
/// each one a complete snapshot, so processing never waits for Redis: ``post(_:)`` and ``bumpGeneration()``
/// return at once. At most 64 notices wait; when Redis is slow or down the oldest waiting ones are dropped
/// (counted and logged): the next snapshot supersedes them. Each send is bounded by the pool's timeouts.
struct FileNotifier: Sendable {
    enum Notice: Sendable {
        case event(FileEvent)
        case bumpGeneration
    }

    static let capacity = 64

    private let notices: AsyncStream<Notice>.Continuation
    private let drained: AsyncStream<Void>
    private let metrics: FileProcessingMetrics
    private let logger: Logger

    /// Starts the sender for one file.
    static func start(
        redis: any RedisCommandSending, channel: String, generation: QueryCacheGeneration,
        metrics: FileProcessingMetrics, logger: Logger
    ) -> FileNotifier {
        let (notices, continuation) = AsyncStream.makeStream(
            of: Notice.self, bufferingPolicy: .bufferingNewest(capacity))
        let (drained, drainedContinuation) = AsyncStream.makeStream(of: Void.self)
        Task {
            for await notice in notices {
                switch notice {
                case .bumpGeneration:
                    await generation.bump()
                case .event(let event):
                    await publish(event, redis: redis, channel: channel, metrics: metrics, logger: logger)
                }
            }
            drainedContinuation.finish()
        }
        return FileNotifier(notices: continuation, drained: drained, metrics: metrics, logger: logger)
    }

    func post(_ event: FileEvent) {
        enqueue(.event(event))
    }

    func bumpGeneration() {
        enqueue(.bumpGeneration)
    }

    /// No more notices; waits until the waiting ones are sent, at most `limit` (they are sent all the same).
    func close(waitingAtMost limit: Duration) async {
        notices.finish()
        await withTaskGroup(of: Void.self) { group in
            group.addTask { for await _ in drained {} }
            group.addTask { try? await Task.sleep(for: limit) }
            await group.next()
            group.cancelAll()
        }
    }

    private func enqueue(_ notice: Notice) {
        if case .dropped = notices.yield(notice) {
            metrics.eventDropped()
            logger.warning(
                "Redis is not keeping up: a waiting file event or generation bump was dropped; the next one supersedes it"
            )
        }
    }

    private static func publish(
        _ event: FileEvent, redis: any RedisCommandSending, channel: String, metrics: FileProcessingMetrics,
        logger: Logger
    ) async {
        do {
            let body = try ContractCoding.encode(Envelope(payload: event))
            try await redis.publish(RedisArgument(bytes: Array(body)), to: channel)
            metrics.eventPublished()
        } catch {
            metrics.eventFailed()
            logger.warning(
                "cannot publish a file event; PostgreSQL has the status",
                metadata: [
                    "file_id": "\(event.fileID)", "status": "\(event.status.rawValue)", "channel": "\(channel)",
                    "error": "\(error)",
                ])
        }
    }
}
