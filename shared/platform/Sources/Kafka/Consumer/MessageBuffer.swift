import NIOCore
import Synchronization

/// The records the consumer thread fetched and the application has not taken yet.
///
/// Bounded: when it holds `capacity` records it asks the consumer thread to pause fetching, and once
/// the application has taken it down to half, to resume. A paused consumer keeps polling, so it
/// stays in its group however slow the application is. The records of partitions revoked in a
/// rebalance are dropped, so the application never processes (or commits) them.
final class MessageBuffer: Sendable {
    enum AppendResult {
        case accepted
        /// The buffer just became full: the consumer thread should pause its partitions.
        case pauseFetching
    }

    typealias Waiter = CheckedContinuation<KafkaMessage?, any Error>

    private struct State {
        var messages = CircularBuffer<KafkaMessage>()
        /// The iterator waiting for the next record (one iteration at a time).
        var waiter: Waiter?
        /// Set once the buffer delivers nothing more: `.success` ends the iteration, `.failure` throws.
        var end: Result<Void, any Error>?
        var isPausedForSpace = false
        var resumeRequested = false
    }

    private let state = Mutex(State())
    private let capacity: Int
    private let resumeThreshold: Int
    /// Wakes the consumer thread from its poll so that it resumes fetching without delay.
    private let wakeFetcher: @Sendable () -> Void

    init(capacity: Int, wakeFetcher: @escaping @Sendable () -> Void) {
        self.capacity = capacity
        self.resumeThreshold = capacity / 2
        self.wakeFetcher = wakeFetcher
    }

    // MARK: consumer thread

    func append(_ message: KafkaMessage) -> AppendResult {
        let (waiter, result) = state.withLock { state -> (Waiter?, AppendResult) in
            if state.end != nil { return (nil, .accepted) }
            if let waiter = state.waiter {
                state.waiter = nil
                return (waiter, .accepted)
            }
            state.messages.append(message)
            if state.messages.count >= capacity && !state.isPausedForSpace {
                state.isPausedForSpace = true
                return (nil, .pauseFetching)
            }
            return (nil, .accepted)
        }
        waiter?.resume(returning: message)
        return result
    }

    /// Whether fetching should be resumed now (the request is consumed).
    func takeResumeRequest() -> Bool {
        state.withLock { state in
            defer { state.resumeRequested = false }
            return state.resumeRequested
        }
    }

    /// Whether fetching is paused because the application is behind: newly assigned partitions
    /// must then start paused too.
    var isPausedForSpace: Bool { state.withLock { $0.isPausedForSpace } }

    /// Drops the records of `partitions` (revoked) and returns how many there were.
    func drop(partitionsIn partitions: Set<KafkaTopicPartition>) -> Int {
        state.withLock { state in
            let before = state.messages.count
            state.messages = CircularBuffer(state.messages.lazy.filter { !partitions.contains($0.topicPartition) })
            Self.requestResumeIfRoom(&state, threshold: resumeThreshold)
            return before - state.messages.count
        }
    }

    /// Ends delivery: buffered records are dropped (they were not committed, so they are delivered
    /// again later); the iteration ends, or throws `error`. Only the first call counts.
    func finish(throwing error: (any Error)? = nil) {
        let waiter = state.withLock { state -> Waiter? in
            guard state.end == nil else { return nil }
            state.end = error.map { .failure($0) } ?? .success(())
            state.messages.removeAll()
            defer { state.waiter = nil }
            return state.waiter
        }
        if let error { waiter?.resume(throwing: error) } else { waiter?.resume(returning: nil) }
    }

    // MARK: application

    func next() async throws -> KafkaMessage? {
        let (taken, wake) = state.withLock { state -> (KafkaMessage?, Bool) in
            guard let message = state.messages.popFirst() else { return (nil, false) }
            return (message, Self.requestResumeIfRoom(&state, threshold: resumeThreshold))
        }
        if wake { wakeFetcher() }
        if let taken { return taken }
        return try await waitForNext()
    }

    private func waitForNext() async throws -> KafkaMessage? {
        try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (waiter: Waiter) in
                let immediate = state.withLock { state -> Result<KafkaMessage?, any Error>? in
                    if let message = state.messages.popFirst() { return .success(message) }
                    switch state.end {
                    case .success: return .success(nil)
                    case .failure(let error): return .failure(error)
                    case nil: break
                    }
                    if state.waiter != nil { return .failure(KafkaConsumerMessages.ConcurrentIterationError()) }
                    if Task.isCancelled { return .failure(CancellationError()) }
                    state.waiter = waiter
                    return nil
                }
                if let immediate { waiter.resume(with: immediate) }
            }
        } onCancel: {
            let waiter = state.withLock { state -> Waiter? in
                defer { state.waiter = nil }
                return state.waiter
            }
            waiter?.resume(throwing: CancellationError())
        }
    }

    /// Turns a space pause into a resume request once the buffer is down to `threshold`.
    @discardableResult
    private static func requestResumeIfRoom(_ state: inout State, threshold: Int) -> Bool {
        guard state.isPausedForSpace, state.messages.count <= threshold else { return false }
        state.isPausedForSpace = false
        state.resumeRequested = true
        return true
    }
}
