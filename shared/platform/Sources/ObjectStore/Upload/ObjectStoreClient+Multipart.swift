import Crypto
import NIOCore

/// A part S3 has stored: its number and the entity tag CompleteMultipartUpload must name.
struct CompletedPart: Sendable, Equatable {
    let number: Int
    /// Without quotes.
    let etag: String
}

extension ObjectStoreClient {
    /// The multipart uploads of `bucket` (whose keys start with `prefix`) that were started and
    /// neither completed nor aborted; the first 1000.
    public func listMultipartUploads(bucket: String, prefix: String? = nil) async throws -> [PendingMultipartUpload] {
        var query = [QueryParameter("uploads")]
        if let prefix { query.append(QueryParameter("prefix", prefix)) }
        let request = S3Request("ListMultipartUploads", .GET, bucket: bucket, query: query)
        return try await perform(request) { response in
            try ListingXML.uploads(try await Self.collect(response), request: request)
        }
    }

    /// Abandons a multipart upload and frees its parts. An upload that is gone already throws
    /// kind `.notFound` (`NoSuchUpload`).
    public func abortMultipartUpload(bucket: String, key: String, uploadID: String) async throws {
        let request = S3Request(
            "AbortMultipartUpload", .DELETE, bucket: bucket, key: key, query: [QueryParameter("uploadId", uploadID)])
        try await perform(request) { response in _ = try await Self.collect(response) }
    }

    func createMultipartUpload(bucket: String, key: String, contentType: String?) async throws -> String {
        // Not idempotent: a repeat after a lost answer would start a second upload nobody aborts.
        let request = S3Request(
            "CreateMultipartUpload", .POST, bucket: bucket, key: key, query: [QueryParameter("uploads")],
            headers: contentType.map { [("content-type", $0)] } ?? [], isIdempotent: false)
        return try await perform(request) { response in
            try ListingXML.uploadID(try await Self.collect(response), request: request)
        }
    }

    /// Uploads one part from memory, signed with its SHA-256; each retry sends the same bytes.
    func uploadPart(
        _ body: ByteBuffer, sha256: String, number: Int, uploadID: String, bucket: String, key: String
    ) async throws -> CompletedPart {
        let request = S3Request(
            "UploadPart", .PUT, bucket: bucket, key: key,
            query: [QueryParameter("partNumber", "\(number)"), QueryParameter("uploadId", uploadID)], body: body,
            payloadHash: sha256)
        return try await perform(request) { response in
            _ = try await Self.collect(response)
            guard let etag = response.headers.first(name: "etag") else {
                throw request.error(.invalidResponse, "UploadPart answered without an ETag")
            }
            return CompletedPart(number: number, etag: ETag.unquoted(etag))
        }
    }

    /// Joins the parts into the object and returns its entity tag.
    func completeMultipartUpload(
        _ parts: [CompletedPart], uploadID: String, bucket: String, key: String
    ) async throws -> String {
        let request = S3Request(
            "CompleteMultipartUpload", .POST, bucket: bucket, key: key, query: [QueryParameter("uploadId", uploadID)],
            headers: [("content-type", "application/xml")], body: ByteBuffer(string: Self.completionXML(parts)))
        do {
            return try await perform(request) { response in
                let body = try await Self.collect(response)
                return try ListingXML.completedETag(body, status: Int(response.status.code), request: request)
            }
        } catch let error as ObjectStoreError where error.code == "NoSuchUpload" {
            // A retry after an answer that got lost finds the upload completed, and so gone. The
            // object is ours if its entity tag is the one these parts make.
            let expected = Self.multipartETag(parts)
            if let expected, let info = try? await headObject(bucket: bucket, key: key), info.etag == expected {
                return expected
            }
            throw error
        }
    }

    static func completionXML(_ parts: [CompletedPart]) -> String {
        var xml = "<CompleteMultipartUpload xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\">"
        for part in parts {
            xml += "<Part><PartNumber>\(part.number)</PartNumber>"
            xml += "<ETag>\(XMLText.escaped("\"\(part.etag)\""))</ETag></Part>"
        }
        return xml + "</CompleteMultipartUpload>"
    }

    /// S3's entity tag of a multipart object: the MD5 of the parts' binary MD5s, `-`, the part
    /// count. Nil when a part's tag is not a hex MD5 (SSE-KMS objects have other tags).
    static func multipartETag(_ parts: [CompletedPart]) -> String? {
        var digests: [UInt8] = []
        for part in parts {
            guard let bytes = hexBytes(part.etag), bytes.count == Insecure.MD5.byteCount else { return nil }
            digests += bytes
        }
        return Insecure.MD5.hash(data: digests).hexString + "-\(parts.count)"
    }

    private static func hexBytes(_ hex: String) -> [UInt8]? {
        let digits = Array(hex.utf8)
        guard digits.count % 2 == 0 else { return nil }
        var bytes: [UInt8] = []
        for index in stride(from: 0, to: digits.count, by: 2) {
            guard let byte = UInt8(String(decoding: digits[index...index + 1], as: UTF8.self), radix: 16) else {
                return nil
            }
            bytes.append(byte)
        }
        return bytes
    }
}
