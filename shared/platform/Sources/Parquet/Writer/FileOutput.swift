#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

// File-scope names for the C calls: inside FileOutput, `write` and `close` are its own methods.
private func systemWrite(_ descriptor: Int32, _ bytes: UnsafeRawPointer, _ count: Int) -> Int {
    write(descriptor, bytes, count)
}

private func systemClose(_ descriptor: Int32) -> Int32 {
    close(descriptor)
}

/// A file being written, through plain POSIX calls, buffered by the megabyte so that a page header
/// and its body cost one system call, not two; `offset` is where the next byte will land (page
/// offsets of the footer are taken from it). Public for writers of other formats beside a Parquet
/// file (the ETL's cleaned CSV). Blocking: use it off the Swift concurrency pool.
public final class FileOutput {
    public let path: String
    private let descriptor: Int32
    private var isClosed = false
    private var buffer: [UInt8] = []
    public private(set) var offset: Int64 = 0
    private static let flushThreshold = 1 << 20

    /// Creates (or truncates) the file.
    public init(path: String) throws(ParquetWriterError) {
        self.path = path
        descriptor = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else { throw .io(path: path, message: Self.lastError()) }
        buffer.reserveCapacity(Self.flushThreshold * 2)
    }

    public func write(_ bytes: [UInt8]) throws(ParquetWriterError) {
        buffer.append(contentsOf: bytes)
        offset += Int64(bytes.count)
        if buffer.count >= Self.flushThreshold { try flush() }
    }

    public func flush() throws(ParquetWriterError) {
        var written = 0
        while written < buffer.count {
            let result = buffer.withUnsafeBytes {
                systemWrite(descriptor, $0.baseAddress! + written, $0.count - written)
            }
            if result < 0 {
                if errno == EINTR { continue }
                throw .io(path: path, message: Self.lastError())
            }
            written += result
        }
        buffer.removeAll(keepingCapacity: true)
    }

    /// Flushes and closes; the descriptor is closed even when the flush fails.
    public func close() throws(ParquetWriterError) {
        guard !isClosed else { return }
        defer {
            isClosed = true
            _ = systemClose(descriptor)
        }
        try flush()
    }

    /// A file given up before ``close()`` (a failed write, a restarted pass) still frees its
    /// descriptor; what was buffered is dropped.
    deinit {
        if !isClosed { _ = systemClose(descriptor) }
    }

    private static func lastError() -> String {
        String(cString: strerror(errno))
    }
}
