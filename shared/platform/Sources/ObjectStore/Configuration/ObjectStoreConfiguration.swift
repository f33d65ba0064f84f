import Foundation
import ServiceKit

/// Where the object store is and how the client talks to it.
///
/// Services build it from the environment, ``init(environment:defaultBucket:)``; tests build it
/// from TestInfra's `servers.env` the same way. Each setting falls back to its default:
///
/// | variable | default | meaning |
/// |---|---|---|
/// | `S3_ENDPOINT` | `http://127.0.0.1:9000` | `scheme://host[:port]` of S3, MinIO or moto |
/// | `S3_REGION`, else `AWS_REGION` | `us-east-1` | the region requests are signed for |
/// | `S3_ACCESS_KEY_ID`, else `AWS_ACCESS_KEY_ID` | `tributary` | the access key |
/// | `S3_SECRET_ACCESS_KEY`, else `AWS_SECRET_ACCESS_KEY` | `tributary-secret` | its secret |
/// | `S3_SESSION_TOKEN`, else `AWS_SESSION_TOKEN` | none | token of temporary credentials |
/// | `S3_BUCKET` | the service's | the service's bucket |
/// | `S3_ADDRESSING_STYLE` | `virtual` for `*.amazonaws.com`, else `path` | `path` or `virtual` |
/// | `S3_PART_SIZE_MIB` | `8` (5…5120) | part size of streaming uploads |
/// | `S3_MAX_ATTEMPTS` | `4` (1…10) | tries of one request, retries included |
/// | `S3_REQUEST_TIMEOUT_MS` | `60000` | one try, until the response head (request body included) |
///
/// The `S3_` names come first because `make up` and docker-compose hand them to the services
/// (`servers.env`); the standard `AWS_` names let a deployment use what its platform injects.
public struct ObjectStoreConfiguration: Sendable, Equatable {
    /// How a bucket is named in a request.
    public enum AddressingStyle: String, Sendable, CaseIterable {
        /// `http://127.0.0.1:9000/bucket/key`: MinIO, moto and any custom endpoint.
        case path
        /// `https://bucket.s3.eu-west-1.amazonaws.com/key`: AWS. Buckets with dots fall back to
        /// path style, since a dotted host name does not match the TLS certificate's wildcard.
        case virtualHost = "virtual"
    }

    /// `scheme://host[:port]`; a path in it is ignored.
    public var endpoint: URL
    public var region: String
    public var credentials: ObjectStoreCredentials
    /// The bucket the service keeps its objects in (`S3_BUCKET`). Operations name their bucket
    /// explicitly; this is the one a service passes.
    public var bucket: String
    public var addressingStyle: AddressingStyle
    /// Bytes per part of a streaming upload, and so the most it holds in memory; at least
    /// ``minimumPartSize`` (S3 refuses smaller parts except the last).
    public var partSize: Int
    public var retry: RetryPolicy
    /// How long one try may take until the response head arrives, sending the request body included.
    /// A download's body is not limited by it.
    public var requestTimeout: Duration

    public static let minimumPartSize = 5 * 1024 * 1024
    public static let maximumPartSize = 5 * 1024 * 1024 * 1024
    public static let defaultPartSize = 8 * 1024 * 1024

    public init(
        endpoint: URL, region: String = "us-east-1", credentials: ObjectStoreCredentials, bucket: String,
        addressingStyle: AddressingStyle? = nil, partSize: Int = defaultPartSize, retry: RetryPolicy = RetryPolicy(),
        requestTimeout: Duration = .seconds(60)
    ) {
        precondition(
            (Self.minimumPartSize...Self.maximumPartSize).contains(partSize),
            "a part holds 5 MiB to 5 GiB")
        self.endpoint = endpoint
        self.region = region
        self.credentials = credentials
        self.bucket = bucket
        self.addressingStyle = addressingStyle ?? Self.defaultAddressingStyle(for: endpoint)
        self.partSize = partSize
        self.retry = retry
        self.requestTimeout = requestTimeout
    }

    /// ServiceKit's ``S3Config`` (what ``HTTPEndpointCheck`` and TestInfra hand around) with the
    /// default session token, addressing, part size, retries and timeout.
    public init(_ s3: S3Config, sessionToken: String? = nil) {
        self.init(
            endpoint: s3.endpoint, region: s3.region,
            credentials: ObjectStoreCredentials(
                accessKeyID: s3.accessKeyID, secretAccessKey: s3.secretAccessKey, sessionToken: sessionToken),
            bucket: s3.bucket)
    }

    /// The one way a service reads its object store settings: the variables in the table above.
    public init(environment: EnvironmentReader, defaultBucket: String) throws(ConfigurationError) {
        // S3Config reads S3_ENDPOINT, S3_REGION, the S3_ keys and S3_BUCKET, and checks the bucket;
        // the AWS_ names fill in where the S3_ ones are unset.
        var s3 = try S3Config(environment: environment, defaultBucket: defaultBucket)
        if environment.raw("S3_REGION") == nil, let region = environment.raw("AWS_REGION") { s3.region = region }
        if environment.raw("S3_ACCESS_KEY_ID") == nil, let key = environment.raw("AWS_ACCESS_KEY_ID") {
            s3.accessKeyID = key
        }
        if environment.raw("S3_SECRET_ACCESS_KEY") == nil, let secret = environment.raw("AWS_SECRET_ACCESS_KEY") {
            s3.secretAccessKey = secret
        }
        let token = environment.raw("S3_SESSION_TOKEN") ?? environment.raw("AWS_SESSION_TOKEN")
        let style: AddressingStyle? =
            environment.raw("S3_ADDRESSING_STYLE") == nil
            ? nil : try environment.choice("S3_ADDRESSING_STYLE", default: AddressingStyle.path)
        let partSizeMiB = try environment.int("S3_PART_SIZE_MIB", default: Self.defaultPartSize >> 20, in: 5...5120)
        let attempts = try environment.int("S3_MAX_ATTEMPTS", default: RetryPolicy().maxAttempts, in: 1...10)
        let timeout = try environment.milliseconds(
            "S3_REQUEST_TIMEOUT_MS", default: .seconds(60), in: 1...3_600_000)
        self.init(
            endpoint: s3.endpoint, region: s3.region,
            credentials: ObjectStoreCredentials(
                accessKeyID: s3.accessKeyID, secretAccessKey: s3.secretAccessKey, sessionToken: token),
            bucket: s3.bucket, addressingStyle: style, partSize: partSizeMiB << 20,
            retry: RetryPolicy(maxAttempts: attempts), requestTimeout: timeout)
    }

    /// Virtual-host style for AWS's own endpoints, path style for everything else (MinIO, moto and
    /// other custom endpoints rarely have a DNS name per bucket).
    static func defaultAddressingStyle(for endpoint: URL) -> AddressingStyle {
        let host = endpoint.host?.lowercased() ?? ""
        return host.hasSuffix(".amazonaws.com") || host.hasSuffix(".amazonaws.com.cn") ? .virtualHost : .path
    }
}
