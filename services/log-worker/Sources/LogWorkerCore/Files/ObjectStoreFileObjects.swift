import ObjectStore

/// ``FileObjects`` on the platform's S3 client: the uploads are in `bucket` under the key the task
/// names. The download streams (the client's ``ObjectBody``: chunks as the network delivers them,
/// TCP backpressure while the worker stores a batch); the client retries what may pass.
struct ObjectStoreFileObjects: FileObjects {
    let client: ObjectStoreClient
    let bucket: String

    func download(key: String) async throws -> ObjectBody {
        do {
            return try await client.getObject(bucket: bucket, key: key).body
        } catch let error as ObjectStoreError where error.kind == .notFound && error.code != "NoSuchBucket" {
            // The key is gone for good; a missing bucket is a configuration problem, retried.
            throw FileObjectMissing(key: key)
        }
    }
}
