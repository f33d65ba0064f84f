import Foundation

/// One page of ListObjectsV2: up to `maxKeys` objects in key order (UTF-8 byte order).
public struct ObjectListing: Sendable, Hashable {
    public let objects: [ObjectSummary]
    /// With a delimiter: the distinct key prefixes up to the delimiter ("folders").
    public let commonPrefixes: [String]
    /// Pass it as `continuationToken` for the next page; nil on the last page.
    public let nextContinuationToken: String?

    public init(objects: [ObjectSummary], commonPrefixes: [String], nextContinuationToken: String?) {
        self.objects = objects
        self.commonPrefixes = commonPrefixes
        self.nextContinuationToken = nextContinuationToken
    }
}

/// One object in a listing.
public struct ObjectSummary: Sendable, Hashable {
    public let key: String
    public let size: Int
    /// Without quotes.
    public let etag: String
    public let lastModified: Date?

    public init(key: String, size: Int, etag: String, lastModified: Date?) {
        self.key = key
        self.size = size
        self.etag = etag
        self.lastModified = lastModified
    }
}

/// A multipart upload that was started and neither completed nor aborted: its parts take space
/// (and cost) until it is aborted, by ``ObjectStoreClient/abortMultipartUpload(bucket:key:uploadID:)``
/// or a bucket lifecycle rule.
public struct PendingMultipartUpload: Sendable, Hashable {
    public let key: String
    public let uploadID: String
    public let initiated: Date?

    public init(key: String, uploadID: String, initiated: Date?) {
        self.key = key
        self.uploadID = uploadID
        self.initiated = initiated
    }
}
