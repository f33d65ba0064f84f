#if canImport(Glibc)
import Glibc
#endif

// write(2) by a name of its own: inside OutputFile, `write` is the method.
private func systemWrite(_ descriptor: Int32, _ bytes: UnsafeRawPointer, _ count: Int) -> Int {
    write(descriptor, bytes, count)
}

/// A file written with write(2): the ETL's cleaned CSV, handed over a megabyte at a time.
final class OutputFile {
    let path: String
    private let descriptor: Int32

    init(path: String) throws(ETLError) {
        self.path = path
        descriptor = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else { throw .io(path: path, message: String(cString: strerror(errno))) }
    }

    deinit { close(descriptor) }

    func write(_ buffer: [UInt8]) throws(ETLError) {
        var written = 0
        while written < buffer.count {
            let result = buffer.withUnsafeBytes {
                systemWrite(descriptor, $0.baseAddress! + written, $0.count - written)
            }
            if result < 0 {
                if errno == EINTR { continue }
                throw .io(path: path, message: String(cString: strerror(errno)))
            }
            written += result
        }
    }
}
