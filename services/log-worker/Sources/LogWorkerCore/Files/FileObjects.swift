import NIOCore

/// Where log-worker reads the uploaded files: the object store (S3; the platform's `ObjectStore` implements
/// it in production).
///
/// Guarantees asked of an implementation: ``download(key:)`` streams the object's bytes in order, holding no
/// more than a chunk of them, and throws ``FileObjectMissing`` when there is no object under the key; any
/// other error is taken as transient (the task is retried).
public protocol FileObjects: Sendable {
    associatedtype Body: AsyncSequence, Sendable where Body.Element == ByteBuffer

    func download(key: String) async throws -> Body
}

/// There is no object under the key: the upload is gone, and retrying will not bring it back.
public struct FileObjectMissing: Error, CustomStringConvertible {
    public let key: String

    public init(key: String) {
        self.key = key
    }

    public var description: String { "the uploaded object '\(key)' does not exist" }
}
