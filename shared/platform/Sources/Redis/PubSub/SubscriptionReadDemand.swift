import NIOCore
import Synchronization

/// Connects the consumer of a subscription to whichever connection currently feeds it: when the
/// consumer has drained its buffer, reading resumes on that connection; when the consumer goes
/// away, the subscription stops.
final class SubscriptionReadDemand: NIOAsyncSequenceProducerDelegate {
    private struct State {
        var feeder: NIOLoopBound<SubscriptionHandler>?
        var onTerminate: (@Sendable () -> Void)?
        var terminated = false
    }

    private let state = Mutex(State())

    /// The handler of the connection now feeding the subscription.
    func attach(_ feeder: NIOLoopBound<SubscriptionHandler>) {
        state.withLock { $0.feeder = feeder }
    }

    /// Called once, when the consumer stops (or at once if it already has).
    func whenTerminated(_ action: @escaping @Sendable () -> Void) {
        let alreadyTerminated = state.withLock { state -> Bool in
            if !state.terminated { state.onTerminate = action }
            return state.terminated
        }
        if alreadyTerminated { action() }
    }

    func produceMore() {
        guard let feeder = state.withLock({ $0.feeder }) else { return }
        feeder.eventLoop.execute { feeder.value.resumeReading() }
    }

    func didTerminate() {
        let action = state.withLock { state -> (@Sendable () -> Void)? in
            state.terminated = true
            defer { state.onTerminate = nil }
            return state.onTerminate
        }
        action?()
    }
}
