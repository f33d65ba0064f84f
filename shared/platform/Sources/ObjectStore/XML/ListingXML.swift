import NIOCore

/// Reads the XML answers of the list and multipart calls.
enum ListingXML {
    /// `<ListBucketResult>` of ListObjectsV2.
    static func objects(_ body: ByteBuffer, request: S3Request) throws -> ObjectListing {
        let root = try document(body, named: "ListBucketResult", request: request)
        let objects = root.children("Contents").map { item in
            ObjectSummary(
                key: item.text("Key") ?? "", size: Int(item.text("Size") ?? "") ?? 0,
                etag: ETag.unquoted(item.text("ETag") ?? ""),
                lastModified: item.text("LastModified").flatMap(S3Dates.iso8601))
        }
        let prefixes = root.children("CommonPrefixes").compactMap { $0.text("Prefix") }
        let truncated = root.text("IsTruncated") == "true"
        let token = root.text("NextContinuationToken").flatMap { $0.isEmpty ? nil : $0 }
        if truncated && token == nil {
            throw request.error(.invalidResponse, "a truncated listing without NextContinuationToken")
        }
        return ObjectListing(objects: objects, commonPrefixes: prefixes, nextContinuationToken: truncated ? token : nil)
    }

    /// `<ListMultipartUploadsResult>`.
    static func uploads(_ body: ByteBuffer, request: S3Request) throws -> [PendingMultipartUpload] {
        let root = try document(body, named: "ListMultipartUploadsResult", request: request)
        return root.children("Upload").map { upload in
            PendingMultipartUpload(
                key: upload.text("Key") ?? "", uploadID: upload.text("UploadId") ?? "",
                initiated: upload.text("Initiated").flatMap(S3Dates.iso8601))
        }
    }

    /// `<InitiateMultipartUploadResult>`: the upload id.
    static func uploadID(_ body: ByteBuffer, request: S3Request) throws -> String {
        let root = try document(body, named: "InitiateMultipartUploadResult", request: request)
        guard let id = root.text("UploadId"), !id.isEmpty else {
            throw request.error(.invalidResponse, "no UploadId in the answer")
        }
        return id
    }

    /// `<CompleteMultipartUploadResult>`: the object's entity tag. S3 may answer 200 and still
    /// fail, with an `<Error>` document (it starts the 200 before the parts are joined): that is
    /// thrown like an error answer, retryable when S3 says so (`InternalError`).
    static func completedETag(_ body: ByteBuffer, status: Int, request: S3Request) throws -> String {
        if let failure = S3ErrorBody.parse(body.readableBytesView) {
            throw request.error(
                .serverError, failure.message ?? "CompleteMultipartUpload failed", status: status, code: failure.code,
                requestID: failure.requestID)
        }
        // AWS and MinIO name the root CompleteMultipartUploadResult, moto CompleteMultipartUploadResponse.
        let root = try document(
            body, named: ["CompleteMultipartUploadResult", "CompleteMultipartUploadResponse"], request: request)
        guard let etag = root.text("ETag"), !etag.isEmpty else {
            throw request.error(.invalidResponse, "no ETag in the answer")
        }
        return ETag.unquoted(etag)
    }

    private static func document(_ body: ByteBuffer, named name: String, request: S3Request) throws -> XMLNode {
        try document(body, named: [name], request: request)
    }

    private static func document(_ body: ByteBuffer, named names: Set<String>, request: S3Request) throws -> XMLNode {
        let root: XMLNode
        do {
            root = try XMLReader.parse(body.readableBytesView)
        } catch {
            throw request.error(.invalidResponse, "\(error)", underlying: error)
        }
        guard names.contains(root.name) else {
            throw request.error(.invalidResponse, "expected <\(names.sorted()[0])>, found <\(root.name)>")
        }
        return root
    }
}
