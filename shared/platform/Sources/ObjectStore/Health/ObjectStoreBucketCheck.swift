import Logging
import ServiceKit

/// Readiness of the object store: a signed HEAD of the service's bucket, one try of at most two
/// seconds. Unlike ServiceKit's unsigned ``HTTPEndpointCheck/s3(_:role:name:)``, it fails when the
/// credentials are refused or the bucket is missing, and it works against a store that answers
/// unsigned requests with an error (moto with signature checking on answers them 500).
public struct ObjectStoreBucketCheck: DependencyCheck {
    public let name: String
    public let role: DependencyRole
    let client: ObjectStoreClient
    let bucket: String

    public init(client: ObjectStoreClient, bucket: String, role: DependencyRole, name: String = "s3") {
        self.name = name
        self.role = role
        self.client = client.with(retry: RetryPolicy(maxAttempts: 1), requestTimeout: .seconds(2))
        self.bucket = bucket
    }

    public func check() async throws {
        guard try await client.bucketExists(bucket) else {
            throw DependencyCheckError("bucket \(bucket) does not exist")
        }
    }
}

extension ServiceDependencies {
    /// The service's object store client, checked in `/health/ready` by a signed HEAD of its
    /// bucket (``ObjectStoreBucketCheck``) with `role`: a store holding uploaded files is
    /// ``DependencyRole/required``.
    public mutating func objectStore(
        _ configuration: ObjectStoreConfiguration, role: DependencyRole, logger: Logger
    ) -> ObjectStoreClient {
        let client = ObjectStoreClient(configuration: configuration, logger: logger)
        check(ObjectStoreBucketCheck(client: client, bucket: configuration.bucket, role: role))
        return client
    }
}
