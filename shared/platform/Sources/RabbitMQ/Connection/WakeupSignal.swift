import CRabbitMQ
import Glibc

/// An eventfd the connection thread polls next to its socket, so that a command handed to it
/// wakes it at once instead of after its poll timeout.
final class WakeupSignal: Sendable {
    let descriptor: Int32

    init() {
        descriptor = eventfd(0, Int32(EFD_NONBLOCK | EFD_CLOEXEC))
        precondition(descriptor >= 0, "eventfd failed: errno \(errno)")
    }

    /// Closed only when nobody can signal any more, so a late signal never hits a reused descriptor.
    deinit { close(descriptor) }

    /// Makes the descriptor readable (never blocks: the counter cannot overflow in practice).
    func signal() {
        var one: UInt64 = 1
        _ = write(descriptor, &one, MemoryLayout<UInt64>.size)
    }

    /// Makes the descriptor unreadable again.
    func reset() {
        var count: UInt64 = 0
        _ = read(descriptor, &count, MemoryLayout<UInt64>.size)
    }
}
