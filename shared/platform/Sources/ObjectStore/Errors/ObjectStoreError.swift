/// An object store request failed. It says which operation on which bucket and key, and, when S3
/// answered, the HTTP status and S3's own `Code`, `Message` and request id (the id AWS support asks
/// for).
///
/// Branch on ``kind``: `.notFound` for a missing key or bucket, `.accessDenied` for refused
/// credentials (``code`` tells `SignatureDoesNotMatch` from `InvalidAccessKeyId` or `AccessDenied`).
public struct ObjectStoreError: Error, CustomStringConvertible, Sendable {
    public enum Kind: Sendable, Hashable {
        /// 404: no such key, bucket or multipart upload (``code`` says which, except after HEAD,
        /// whose answer has no body).
        case notFound
        /// 403: the credentials or the signature were refused, or the key may not do this.
        case accessDenied
        /// 409 and 412: the bucket exists and is someone else's, a condition did not hold, …
        case conflict
        /// Another error answer of S3: 4xx (a bad request, 416 for a range past the end) or 5xx
        /// after the last retry.
        case serverError
        /// No answer: the connection failed, was closed or timed out (after the last retry).
        case transport
        /// S3 answered 2xx with something this client cannot read (a missing upload id, bad XML).
        case invalidResponse
        /// The data to upload failed (the caller's stream threw), or was not acceptable.
        case invalidInput
    }

    public let kind: Kind
    /// The S3 operation: `PutObject`, `UploadPart`, `GetObject`, …
    public let operation: String
    public let bucket: String?
    public let key: String?
    /// The HTTP status S3 answered with; nil when there was no answer.
    public let status: Int?
    /// S3's error code: `NoSuchKey`, `SignatureDoesNotMatch`, `SlowDown`, …; nil when the answer had
    /// no error body (HEAD) or there was no answer.
    public let code: String?
    /// S3's message, or what went wrong here.
    public let message: String
    /// `x-amz-request-id` (or `<RequestId>`) of the answer.
    public let requestID: String?
    /// The error underneath a transport or input failure.
    public let underlying: (any Error)?

    public init(
        kind: Kind, operation: String, bucket: String?, key: String?, status: Int? = nil, code: String? = nil,
        message: String, requestID: String? = nil, underlying: (any Error)? = nil
    ) {
        self.kind = kind
        self.operation = operation
        self.bucket = bucket
        self.key = key
        self.status = status
        self.code = code
        self.message = message
        self.requestID = requestID
        self.underlying = underlying
    }

    /// Worth another try: S3 asked to slow down or failed inside (5xx, 429, `RequestTimeout`,
    /// `SlowDown`, `InternalError`), or no answer came. Whether a try without an answer may be
    /// repeated is the request's to say: it may have been carried out.
    public var isTransient: Bool {
        switch kind {
        case .transport: return true
        case .invalidInput, .invalidResponse, .notFound, .accessDenied, .conflict: return false
        case .serverError:
            if let status, status >= 500 || status == 429 { return true }
            return ["RequestTimeout", "SlowDown", "InternalError", "ServiceUnavailable"].contains(code ?? "")
        }
    }

    public var description: String {
        var location = bucket.map { " s3://\($0)" } ?? ""
        if let key { location += "/\(key)" }
        var text = "\(operation)\(location) failed: "
        if let status { text += "HTTP \(status)" + (code.map { " \($0)" } ?? "") + ": " }
        text += message
        if let requestID { text += " (request id \(requestID))" }
        if let underlying, kind == .transport || kind == .invalidInput { text += " [\(underlying)]" }
        return text
    }

    /// The kind an error answer with `status` has.
    static func kind(status: Int) -> Kind {
        switch status {
        case 404: return .notFound
        case 401, 403: return .accessDenied
        case 409, 412: return .conflict
        default: return .serverError
        }
    }
}
