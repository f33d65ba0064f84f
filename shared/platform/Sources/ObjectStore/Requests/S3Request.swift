import NIOCore
import NIOHTTP1

/// One S3 call before it is addressed and signed: which operation, on what, with which query,
/// headers and body. The body is whole in memory, so every retry sends it again byte for byte.
struct S3Request: Sendable {
    /// The operation's name in S3's API, for errors and logs: `PutObject`, `UploadPart`, …
    var operation: String
    var method: HTTPMethod
    var bucket: String?
    var key: String?
    var query: [QueryParameter] = []
    /// Headers besides those the signer adds (host, x-amz-date, x-amz-content-sha256, …).
    var headers: [(name: String, value: String)] = []
    var body: ByteBuffer?
    /// The body's SHA-256 when the caller already has it (a part hashed once for all its tries).
    /// Every body is signed with its real hash: this client never sends `UNSIGNED-PAYLOAD`.
    var payloadHash: String?
    /// Running it twice does no harm, so a try that got no answer may be repeated. Every S3 call
    /// here is, except CreateMultipartUpload (a repeat would start a second, orphaned upload).
    var isIdempotent = true

    init(
        _ operation: String, _ method: HTTPMethod, bucket: String?, key: String? = nil, query: [QueryParameter] = [],
        headers: [(name: String, value: String)] = [], body: ByteBuffer? = nil, payloadHash: String? = nil,
        isIdempotent: Bool = true
    ) {
        self.operation = operation
        self.method = method
        self.bucket = bucket
        self.key = key
        self.query = query
        self.headers = headers
        self.body = body
        self.payloadHash = payloadHash
        self.isIdempotent = isIdempotent
    }

    func error(
        _ kind: ObjectStoreError.Kind, _ message: String, status: Int? = nil, code: String? = nil,
        requestID: String? = nil, underlying: (any Error)? = nil
    ) -> ObjectStoreError {
        ObjectStoreError(
            kind: kind, operation: operation, bucket: bucket, key: key, status: status, code: code, message: message,
            requestID: requestID, underlying: underlying)
    }
}
