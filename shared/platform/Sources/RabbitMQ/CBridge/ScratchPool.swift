import CRabbitMQ

/// Memory for the C structures of one outgoing AMQP method (strings, tables, properties), taken
/// from an rabbitmq-c pool and recycled in one go after the method was sent.
///
/// Confined to the connection thread. Everything it hands out is valid until the next `recycle()`.
final class ScratchPool {
    private let pool: UnsafeMutablePointer<amqp_pool_t>

    init(pageSize: Int = 16 * 1024) {
        pool = .allocate(capacity: 1)
        init_amqp_pool(pool, pageSize)
    }

    deinit {
        empty_amqp_pool(pool)
        pool.deallocate()
    }

    /// Invalidates everything handed out so far and keeps the memory for the next method.
    func recycle() { recycle_amqp_pool(pool) }

    func bytes(_ text: String) -> amqp_bytes_t {
        var text = text
        return text.withUTF8 { bytes(UnsafeRawBufferPointer($0)) }
    }

    func bytes(_ array: [UInt8]) -> amqp_bytes_t {
        array.withUnsafeBytes { bytes($0) }
    }

    func bytes(_ buffer: UnsafeRawBufferPointer) -> amqp_bytes_t {
        guard let source = buffer.baseAddress, !buffer.isEmpty else { return amqp_bytes_t(len: 0, bytes: nil) }
        guard let target = amqp_pool_alloc(pool, buffer.count) else { fatalError("rabbitmq-c pool: out of memory") }
        target.copyMemory(from: source, byteCount: buffer.count)
        return amqp_bytes_t(len: buffer.count, bytes: target)
    }

    /// A NUL-terminated copy of `text`, for the few C calls that take `char *`.
    func cString(_ text: String) -> UnsafePointer<CChar> {
        let utf8 = Array(text.utf8) + [0]
        let copy = bytes(utf8)
        return UnsafePointer(copy.bytes!.assumingMemoryBound(to: CChar.self))
    }

    func allocate<T>(_ type: T.Type, count: Int) -> UnsafeMutablePointer<T> {
        let size = MemoryLayout<T>.stride * count
        guard let raw = amqp_pool_alloc(pool, size) else { fatalError("rabbitmq-c pool: out of memory") }
        // The pool aligns every block on 8 bytes, enough for every C type used here.
        return raw.bindMemory(to: T.self, capacity: count)
    }
}
