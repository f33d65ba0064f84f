import AsyncHTTPClient
import NIOCore

extension ObjectStoreClient {
    /// Stores `body` under `key` with one PUT, signed with its SHA-256 (S3 checks it and refuses a
    /// body altered on the way). For data that is not in memory, see
    /// ``upload(_:bucket:key:contentType:partSize:)``. S3 takes up to 5 GiB this way.
    @discardableResult
    public func putObject(
        _ body: ByteBuffer, bucket: String, key: String, contentType: String? = nil
    ) async throws -> UploadResult {
        let sha256 = PayloadHash.of(body)
        let request = S3Request(
            "PutObject", .PUT, bucket: bucket, key: key, headers: contentType.map { [("content-type", $0)] } ?? [],
            body: body, payloadHash: sha256)
        let etag = try await perform(request) { response in
            _ = try await Self.collect(response)
            return ETag.unquoted(response.headers.first(name: "etag") ?? "")
        }
        return UploadResult(size: body.readableBytes, sha256: sha256, etag: etag, partCount: 1)
    }

    /// Starts downloading `key` (or `range` of it) and returns once S3 has answered with the
    /// object's head; its bytes then arrive through ``ObjectDownload/body`` as they come.
    ///
    /// Throws ``ObjectStoreError`` kind `.notFound` for a missing key or bucket, and
    /// `.serverError` with status 416 (`InvalidRange`) for a range that starts past the end.
    public func getObject(bucket: String, key: String, range: ByteRange? = nil) async throws -> ObjectDownload {
        let request = S3Request(
            "GetObject", .GET, bucket: bucket, key: key, headers: range.map { [("range", $0.description)] } ?? [])
        return try await perform(request) { response in
            ObjectDownload(
                info: ObjectInfo(headers: response.headers),
                contentRange: response.headers.first(name: "content-range").flatMap(ContentRange.init(header:)),
                body: ObjectBody(body: response.body, request: request))
        }
    }

    /// Size, entity tag, type and date of `key`; kind `.notFound` when it does not exist.
    public func headObject(bucket: String, key: String) async throws -> ObjectInfo {
        try await perform(S3Request("HeadObject", .HEAD, bucket: bucket, key: key)) { response in
            _ = try await Self.collect(response)
            return ObjectInfo(headers: response.headers)
        }
    }

    /// Deletes `key`. Deleting a key that does not exist succeeds too (S3 answers 204 either way).
    public func deleteObject(bucket: String, key: String) async throws {
        try await perform(S3Request("DeleteObject", .DELETE, bucket: bucket, key: key)) { response in
            _ = try await Self.collect(response)
        }
    }

    /// One page of the objects whose keys start with `prefix`, in key order. Pass the answer's
    /// ``ObjectListing/nextContinuationToken`` to get the next page; nil means there is none.
    /// With a `delimiter` (usually `/`), keys past it are rolled up into
    /// ``ObjectListing/commonPrefixes``.
    public func listObjects(
        bucket: String, prefix: String? = nil, delimiter: String? = nil, continuationToken: String? = nil,
        maxKeys: Int = 1000
    ) async throws -> ObjectListing {
        precondition((1...1000).contains(maxKeys), "S3 lists 1 to 1000 keys a page")
        var query = [QueryParameter("list-type", "2"), QueryParameter("max-keys", "\(maxKeys)")]
        if let prefix { query.append(QueryParameter("prefix", prefix)) }
        if let delimiter { query.append(QueryParameter("delimiter", delimiter)) }
        if let continuationToken { query.append(QueryParameter("continuation-token", continuationToken)) }
        let request = S3Request("ListObjectsV2", .GET, bucket: bucket, query: query)
        return try await perform(request) { response in
            let body = try await Self.collect(response)
            return try ListingXML.objects(body, request: request)
        }
    }
}
