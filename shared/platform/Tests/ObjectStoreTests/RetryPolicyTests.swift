import Testing

@testable import ObjectStore

@Suite("Retry policy: jittered exponential backoff, what is worth retrying", .timeLimit(.minutes(1)))
struct RetryPolicyTests {
    @Test func ceilingDoublesUpToTheMaximum() {
        let policy = RetryPolicy(maxAttempts: 10, initialDelay: .milliseconds(100), maximumDelay: .seconds(1))
        #expect(
            (1...6).map(policy.delayCeiling(afterAttempt:)) == [
                .milliseconds(100), .milliseconds(200), .milliseconds(400), .milliseconds(800), .seconds(1),
                .seconds(1),
            ])
        #expect(policy.delayCeiling(afterAttempt: 1000) == .seconds(1))
    }

    @Test func delaysAreJitteredBetweenZeroAndTheCeiling() {
        let policy = RetryPolicy()
        var generator = SystemRandomNumberGenerator()
        let delays = (0..<200).map { _ in policy.delay(afterAttempt: 3, using: &generator) }
        #expect(delays.allSatisfy { $0 >= .zero && $0 <= .milliseconds(400) })
        #expect(Set(delays).count > 150, "spread out, not one fixed wait")
    }

    private func error(status: Int?, code: String? = nil, kind: ObjectStoreError.Kind? = nil) -> ObjectStoreError {
        ObjectStoreError(
            kind: kind ?? status.map(ObjectStoreError.kind(status:)) ?? .transport, operation: "GetObject",
            bucket: "b", key: "k", status: status, code: code, message: "m")
    }

    @Test func transientFailures() {
        #expect(error(status: 500, code: "InternalError").isTransient)
        #expect(error(status: 503, code: "SlowDown").isTransient)
        #expect(error(status: 502).isTransient)
        #expect(error(status: 429).isTransient)
        #expect(error(status: 400, code: "RequestTimeout").isTransient)
        #expect(error(status: nil).isTransient, "no answer")
    }

    @Test func permanentFailures() {
        #expect(!error(status: 404, code: "NoSuchKey").isTransient)
        #expect(!error(status: 403, code: "SignatureDoesNotMatch").isTransient)
        #expect(!error(status: 400, code: "InvalidArgument").isTransient)
        #expect(!error(status: 416, code: "InvalidRange").isTransient)
        #expect(!error(status: 409, code: "BucketAlreadyExists").isTransient)
        #expect(!error(status: 200, kind: .invalidResponse).isTransient)
    }

    @Test func statusesMapToKinds() {
        #expect(ObjectStoreError.kind(status: 404) == .notFound)
        #expect(ObjectStoreError.kind(status: 403) == .accessDenied)
        #expect(ObjectStoreError.kind(status: 409) == .conflict)
        #expect(ObjectStoreError.kind(status: 500) == .serverError)
    }

    @Test func descriptionSaysWhatWhereAndWhy() {
        let error = ObjectStoreError(
            kind: .notFound, operation: "GetObject", bucket: "files", key: "a/b.txt", status: 404, code: "NoSuchKey",
            message: "The specified key does not exist.", requestID: "R1")
        #expect(
            error.description
                == "GetObject s3://files/a/b.txt failed: HTTP 404 NoSuchKey: The specified key does not exist. (request id R1)"
        )
    }
}
