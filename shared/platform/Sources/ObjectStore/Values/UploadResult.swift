/// What an upload stored.
public struct UploadResult: Sendable, Hashable {
    /// Bytes stored.
    public let size: Int
    /// Lower-case hex SHA-256 of every byte stored, computed on the way through.
    public let sha256: String
    /// The object's entity tag, without quotes (see ``ObjectInfo/etag``).
    public let etag: String
    /// 1 when one PUT stored it; the number of parts of a multipart upload otherwise.
    public let partCount: Int

    public init(size: Int, sha256: String, etag: String, partCount: Int) {
        self.size = size
        self.sha256 = sha256
        self.etag = etag
        self.partCount = partCount
    }
}
