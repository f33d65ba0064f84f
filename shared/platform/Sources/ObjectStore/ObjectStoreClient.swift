import AsyncHTTPClient
import Foundation
import Logging

/// An S3 client: objects up and down, streamed both ways, signed with AWS Signature Version 4.
///
/// It speaks to AWS (virtual-host style) and to MinIO or moto at a custom endpoint (path style),
/// retries what may pass (5xx, 429, lost connections on requests that may run twice) with jittered
/// exponential backoff, and reports failures as ``ObjectStoreError`` carrying S3's code, message
/// and request id. It holds no connection of its own: requests go through `httpClient`
/// (`HTTPClient.shared` unless a service passes its own), so there is nothing to shut down.
///
/// Operations (each in its own file under `Operations/` and `Upload/`):
/// - ``putObject(_:bucket:key:contentType:)``: bytes in memory, one PUT.
/// - ``upload(_:bucket:key:contentType:partSize:)``: a stream of unknown length, one part in
///   memory at a time; one PUT when it fits a part, else a multipart upload, aborted on failure.
/// - ``getObject(bucket:key:range:)``: the object's bytes as they arrive, optionally a range.
/// - ``headObject(bucket:key:)``, ``deleteObject(bucket:key:)``,
///   ``listObjects(bucket:prefix:delimiter:continuationToken:maxKeys:)``,
///   ``createBucket(_:)``, ``bucketExists(_:)``, ``listMultipartUploads(bucket:prefix:)``,
///   ``abortMultipartUpload(bucket:key:uploadID:)``.
public struct ObjectStoreClient: Sendable {
    public let configuration: ObjectStoreConfiguration
    let httpClient: HTTPClient
    let logger: Logger
    let endpoint: S3Endpoint
    let signer: SigV4Signer
    /// When a request is signed; tests set a fixed instant.
    let now: @Sendable () -> Date

    public init(
        configuration: ObjectStoreConfiguration, httpClient: HTTPClient = .shared,
        logger: Logger = Logger(label: "tributary.object-store")
    ) {
        self.init(configuration: configuration, httpClient: httpClient, logger: logger, now: { Date() })
    }

    init(
        configuration: ObjectStoreConfiguration, httpClient: HTTPClient, logger: Logger,
        now: @escaping @Sendable () -> Date
    ) {
        self.configuration = configuration
        self.httpClient = httpClient
        self.logger = logger
        self.endpoint = S3Endpoint(configuration.endpoint, style: configuration.addressingStyle)
        self.signer = SigV4Signer(credentials: configuration.credentials, region: configuration.region)
        self.now = now
    }

    /// The same client with other settings (a readiness check wants one try and a short timeout).
    func with(retry: RetryPolicy, requestTimeout: Duration) -> ObjectStoreClient {
        var changed = configuration
        changed.retry = retry
        changed.requestTimeout = requestTimeout
        return ObjectStoreClient(configuration: changed, httpClient: httpClient, logger: logger, now: now)
    }

    /// The request as it would be sent now: addressed and signed.
    func signed(_ request: S3Request) -> SignedRequest {
        SignedRequest(request, endpoint: endpoint, signer: signer, at: SigV4Timestamp(now()))
    }
}
