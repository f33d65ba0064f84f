import NIOCore

extension ObjectStoreClient {
    /// Creates `bucket` in the configured region. A bucket that exists and is ours already is
    /// fine; one that is someone else's throws kind `.conflict` (`BucketAlreadyExists`).
    ///
    /// Meant for local setup and tests: production buckets are made by infrastructure code.
    public func createBucket(_ bucket: String) async throws {
        var body: ByteBuffer?
        if configuration.region != "us-east-1" {
            // Outside us-east-1 the region must be named; in us-east-1 it must not be.
            body = ByteBuffer(
                string: "<CreateBucketConfiguration xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\">"
                    + "<LocationConstraint>\(XMLText.escaped(configuration.region))</LocationConstraint>"
                    + "</CreateBucketConfiguration>")
        }
        let request = S3Request(
            "CreateBucket", .PUT, bucket: bucket, headers: body == nil ? [] : [("content-type", "application/xml")],
            body: body)
        do {
            try await perform(request) { response in _ = try await Self.collect(response) }
        } catch let error as ObjectStoreError where error.code == "BucketAlreadyOwnedByYou" {
            return
        }
    }

    /// Whether `bucket` exists and these credentials may use it: HEAD on the bucket. Other
    /// answers (403: refused credentials) throw.
    public func bucketExists(_ bucket: String) async throws -> Bool {
        do {
            try await perform(S3Request("HeadBucket", .HEAD, bucket: bucket)) { response in
                _ = try await Self.collect(response)
            }
            return true
        } catch let error as ObjectStoreError where error.kind == .notFound {
            return false
        }
    }
}
