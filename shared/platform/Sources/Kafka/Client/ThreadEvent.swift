import Foundation

/// A flag one thread sets and other threads block on until it is set. For dedicated threads only:
/// `wait` blocks the calling thread.
final class ThreadEvent: @unchecked Sendable {
    // `condition` guards `isSet`.
    private let condition = NSCondition()
    private var isSet = false

    func set() {
        condition.lock()
        isSet = true
        condition.broadcast()
        condition.unlock()
    }

    func wait() {
        condition.lock()
        while !isSet { condition.wait() }
        condition.unlock()
    }
}
