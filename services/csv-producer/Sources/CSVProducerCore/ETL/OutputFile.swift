#if canImport(Glibc)
import Glibc
#endif

/// A file written through a 1 MiB buffer with write(2): the ETL's cleaned CSV. The caller appends
/// to ``buffer`` and calls ``flushIfFull()``.
final class OutputFile {
    let path: String
    private let descriptor: Int32
    var buffer: [UInt8] = []
    private static let threshold = 1 << 20

    init(path: String) throws(ETLError) {
        self.path = path
        descriptor = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else { throw .io(path: path, message: String(cString: strerror(errno))) }
        buffer.reserveCapacity(Self.threshold + 64 * 1024)
    }

    deinit { close(descriptor) }

    @inline(__always)
    func flushIfFull() throws(ETLError) {
        if buffer.count >= Self.threshold { try flush() }
    }

    func flush() throws(ETLError) {
        var written = 0
        while written < buffer.count {
            let result = buffer.withUnsafeBytes { write(descriptor, $0.baseAddress! + written, $0.count - written) }
            if result < 0 {
                if errno == EINTR { continue }
                throw .io(path: path, message: String(cString: strerror(errno)))
            }
            written += result
        }
        buffer.removeAll(keepingCapacity: true)
    }
}
