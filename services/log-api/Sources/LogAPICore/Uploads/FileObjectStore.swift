import Foundation
import NIOCore

/// Where uploaded files are kept: an S3 bucket (``S3FileObjectStore``), keys `uploads/<file id>`.
///
/// Guarantees of every implementation:
/// - ``upload(_:key:contentType:)`` streams the body (holding at most a part of it in memory) and
///   returns its size and SHA-256, computed on the way through. When it throws, nothing is left
///   under `key` from this upload (a multipart upload is aborted) and the body's own error is
///   rethrown as it is (``UploadTooLarge``, ``MultipartError``, a client that went away).
/// - ``delete(key:)`` succeeds for a key that does not exist.
public protocol FileObjectStore: Sendable {
    func upload<Body: AsyncSequence>(
        _ body: Body, key: String, contentType: String
    ) async throws -> StoredObject where Body.Element == ByteBuffer

    func delete(key: String) async throws

    /// One page of the objects under `prefix`, in key order; pass `nextToken` for the next page.
    func objects(under prefix: String, after token: String?) async throws -> StoredObjectPage

    /// Multipart uploads under `prefix` that were started and neither completed nor aborted.
    func pendingUploads(under prefix: String) async throws -> [PendingObjectUpload]

    func abortUpload(key: String, uploadID: String) async throws

    /// Creates the bucket when it does not exist (local development; in AWS it is provisioned).
    func prepare() async throws
}

/// What an upload stored.
public struct StoredObject: Sendable, Hashable {
    public let size: Int64
    /// Lowercase hex.
    public let sha256: String

    public init(size: Int64, sha256: String) {
        self.size = size
        self.sha256 = sha256
    }
}

/// One page of a listing.
public struct StoredObjectPage: Sendable, Hashable {
    public struct Entry: Sendable, Hashable {
        public let key: String
        public let lastModified: Date?

        public init(key: String, lastModified: Date?) {
            self.key = key
            self.lastModified = lastModified
        }
    }

    public let entries: [Entry]
    public let nextToken: String?

    public init(entries: [Entry], nextToken: String?) {
        self.entries = entries
        self.nextToken = nextToken
    }
}

/// A multipart upload never completed nor aborted.
public struct PendingObjectUpload: Sendable, Hashable {
    public let key: String
    public let uploadID: String
    public let initiated: Date?

    public init(key: String, uploadID: String, initiated: Date?) {
        self.key = key
        self.uploadID = uploadID
        self.initiated = initiated
    }
}

/// The key of a file's object.
enum FileObjectKey {
    static func of(_ id: UUID) -> String { FileUploadConfig.keyPrefix + id.uuidString.lowercased() }

    /// The file id in a key made by ``of(_:)``; nil for any other key.
    static func fileID(in key: String) -> UUID? {
        guard key.hasPrefix(FileUploadConfig.keyPrefix) else { return nil }
        let rest = key.dropFirst(FileUploadConfig.keyPrefix.count)
        guard rest.count == 36, let id = UUID(uuidString: String(rest)), rest == id.uuidString.lowercased() else {
            return nil
        }
        return id
    }
}
