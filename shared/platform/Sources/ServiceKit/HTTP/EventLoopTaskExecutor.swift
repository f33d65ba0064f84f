import NIOCore

/// Runs tasks on one NIO event loop: the task executor a connection's handler prefers, so the
/// request's async code runs on the thread that owns its socket.
///
/// Without it every request crosses threads twice or more (the event loop hands the request to
/// the concurrency pool, the pool hands each write back), and on a small machine those hand-offs
/// cost more than the handler itself. Work that must not block a loop already runs elsewhere:
/// blocking C calls on their own threads, PostgreSQL and HTTP clients on their own event loops.
public final class EventLoopTaskExecutor: TaskExecutor, Sendable {
    public let eventLoop: any EventLoop

    public init(_ eventLoop: any EventLoop) {
        self.eventLoop = eventLoop
    }

    public func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        let executor = self.asUnownedTaskExecutor()
        self.eventLoop.execute {
            job.runSynchronously(on: executor)
        }
    }
}
