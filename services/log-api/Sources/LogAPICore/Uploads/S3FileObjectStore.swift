import Foundation
import NIOCore
import ObjectStore

/// ``FileObjectStore`` on the shared S3 client (`ObjectStore`, AsyncHTTPClient, SigV4): uploads
/// stream in parts (one part in memory at a time), hashed on the way through; a failed upload is
/// aborted by the client before it throws.
public struct S3FileObjectStore: FileObjectStore {
    public let client: ObjectStoreClient
    public let bucket: String

    public init(client: ObjectStoreClient, bucket: String) {
        self.client = client
        self.bucket = bucket
    }

    public func upload<Body: AsyncSequence>(
        _ body: Body, key: String, contentType: String
    ) async throws -> StoredObject where Body.Element == ByteBuffer {
        do {
            let result = try await client.upload(body, bucket: bucket, key: key, contentType: contentType)
            return StoredObject(size: Int64(result.size), sha256: result.sha256)
        } catch let error as ObjectStoreError where error.kind == .invalidInput && error.underlying != nil {
            // The body's own error (too large, a broken form, a client gone), as it was thrown.
            throw error.underlying!
        }
    }

    public func delete(key: String) async throws {
        try await client.deleteObject(bucket: bucket, key: key)
    }

    public func objects(under prefix: String, after token: String?) async throws -> StoredObjectPage {
        let listing = try await client.listObjects(bucket: bucket, prefix: prefix, continuationToken: token)
        return StoredObjectPage(
            entries: listing.objects.map { StoredObjectPage.Entry(key: $0.key, lastModified: $0.lastModified) },
            nextToken: listing.nextContinuationToken)
    }

    public func pendingUploads(under prefix: String) async throws -> [PendingObjectUpload] {
        try await client.listMultipartUploads(bucket: bucket, prefix: prefix).map {
            PendingObjectUpload(key: $0.key, uploadID: $0.uploadID, initiated: $0.initiated)
        }
    }

    public func abortUpload(key: String, uploadID: String) async throws {
        do {
            try await client.abortMultipartUpload(bucket: bucket, key: key, uploadID: uploadID)
        } catch let error as ObjectStoreError where error.kind == .notFound {
            return  // finished or aborted meanwhile
        }
    }

    public func prepare() async throws {
        if try await client.bucketExists(bucket) { return }
        try await client.createBucket(bucket)
    }
}
