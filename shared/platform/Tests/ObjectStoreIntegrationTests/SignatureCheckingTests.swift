import NIOCore
import ObjectStore
import ServiceKit
import TestInfra
import Testing

/// The local S3 checks signatures (deploy/local/servers.sh turns moto's authentication on), so
/// these prove that a request signed wrongly is refused: the other suites' successes mean their
/// signatures were right.
@Suite("Signatures are checked: wrong credentials are refused", .timeLimit(.minutes(5)))
struct SignatureCheckingTests {
    @Test func aWrongSecretKeyGetsSignatureDoesNotMatch() async throws {
        try await withBucket { client, bucket in
            try await client.putObject(ByteBuffer(string: "x"), bucket: bucket, key: "k")
            let forger = try await testClient { $0.credentials.secretAccessKey += "-wrong" }
            let error = await #expect(throws: ObjectStoreError.self) {
                _ = try await forger.getObject(bucket: bucket, key: "k")
            }
            #expect(error?.kind == .accessDenied)
            #expect(error?.status == 403)
            #expect(error?.code == "SignatureDoesNotMatch")
            #expect(error?.message.isEmpty == false)
            let put = await #expect(throws: ObjectStoreError.self) {
                try await forger.putObject(ByteBuffer(string: "y"), bucket: bucket, key: "k")
            }
            #expect(put?.code == "SignatureDoesNotMatch")
            #expect(try await download(client, bucket, "k") == Array("x".utf8), "the forged PUT changed nothing")
        }
    }

    @Test func anUnknownAccessKeyIsRefused() async throws {
        try await withBucket { client, bucket in
            let stranger = try await testClient { $0.credentials.accessKeyID = "AKIANOTAREALKEY00000" }
            let error = await #expect(throws: ObjectStoreError.self) {
                _ = try await stranger.listObjects(bucket: bucket)
            }
            #expect(error?.kind == .accessDenied)
            #expect(error?.code == "InvalidAccessKeyId")
        }
    }

    @Test func theReadinessCheckSignsItsRequest() async throws {
        try await withBucket { client, bucket in
            try await ObjectStoreBucketCheck(client: client, bucket: bucket, role: .required).check()
            await #expect(throws: (any Error).self) {
                try await ObjectStoreBucketCheck(client: client, bucket: bucket + "-none", role: .required).check()
            }
            let forger = try await testClient { $0.credentials.secretAccessKey = "wrong" }
            let refused = await #expect(throws: ObjectStoreError.self) {
                try await ObjectStoreBucketCheck(client: forger, bucket: bucket, role: .required).check()
            }
            #expect(refused?.kind == .accessDenied)
        }
    }
}
