import NIOCore
import NIOPosix

#if canImport(Glibc)
import Glibc
#endif

extension ObjectStoreClient {
    /// Stores the file at `path` under `key` through ``upload(_:bucket:key:contentType:partSize:)``:
    /// one PUT when it fits a part, else a multipart upload of `partSize` parts, each signed with
    /// its SHA-256 and retried on its own; the file's SHA-256 comes back in the result. The file
    /// is read in 1 MiB chunks by jobs on `NIOThreadPool.singleton`, never on the Swift
    /// concurrency pool. A file that cannot be opened or read is an ``ObjectStoreError`` of kind
    /// `.invalidInput` naming it.
    public func uploadFile(
        atPath path: String, bucket: String, key: String, contentType: String? = nil, partSize: Int? = nil
    ) async throws -> UploadResult {
        let file = try await FileChunks.opening(path, bucket: bucket, key: key)
        return try await upload(file, bucket: bucket, key: key, contentType: contentType, partSize: partSize)
    }
}

/// A file's bytes as an async sequence of 1 MiB buffers; the descriptor closes with the last
/// reference to the sequence.
struct FileChunks: AsyncSequence, Sendable {
    typealias Element = ByteBuffer

    private final class Descriptor: Sendable {
        let value: Int32
        init(_ value: Int32) { self.value = value }
        deinit { close(value) }
    }

    private let descriptor: Descriptor
    private let path: String
    private let bucket: String
    private let key: String
    static let chunkSize = 1 << 20

    static func opening(_ path: String, bucket: String, key: String) async throws -> FileChunks {
        // errno is the pool thread's: read it there.
        let (opened, failure) = try await NIOThreadPool.singleton.runIfActive { () -> (Int32, Int32) in
            let descriptor = open(path, O_RDONLY | O_CLOEXEC)
            return (descriptor, descriptor < 0 ? errno : 0)
        }
        guard opened >= 0 else {
            throw Self.failure(path, bucket: bucket, key: key, operation: "open", errno: failure)
        }
        return FileChunks(descriptor: Descriptor(opened), path: path, bucket: bucket, key: key)
    }

    func makeAsyncIterator() -> AsyncIterator { AsyncIterator(chunks: self) }

    struct AsyncIterator: AsyncIteratorProtocol {
        let chunks: FileChunks

        mutating func next() async throws -> ByteBuffer? {
            let descriptor = chunks.descriptor
            let (bytes, failure) = try await NIOThreadPool.singleton.runIfActive { () -> ([UInt8], Int32?) in
                var buffer = [UInt8](repeating: 0, count: FileChunks.chunkSize)
                var filled = 0
                while filled < buffer.count {
                    let count = buffer.withUnsafeMutableBytes {
                        read(descriptor.value, $0.baseAddress! + filled, $0.count - filled)
                    }
                    if count < 0 {
                        if errno == EINTR { continue }
                        return ([], errno)
                    }
                    if count == 0 { break }
                    filled += count
                }
                buffer.removeSubrange(filled...)
                return (buffer, nil)
            }
            if let failure {
                throw FileChunks.failure(
                    chunks.path, bucket: chunks.bucket, key: chunks.key, operation: "read", errno: failure)
            }
            return bytes.isEmpty ? nil : ByteBuffer(bytes: bytes)
        }
    }

    private static func failure(
        _ path: String, bucket: String, key: String, operation: String, errno: Int32
    )
        -> ObjectStoreError
    {
        ObjectStoreError(
            kind: .invalidInput, operation: "PutObject", bucket: bucket, key: key,
            message: "cannot \(operation) \(path): \(String(cString: strerror(errno)))")
    }
}
