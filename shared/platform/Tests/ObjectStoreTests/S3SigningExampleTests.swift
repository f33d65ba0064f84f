import Foundation
import NIOCore
import Testing

@testable import ObjectStore

/// Whole requests, addressed and signed as the client sends them, against the S3 documentation's
/// examples (virtual-host style on AWS) and against what botocore, AWS's Python SDK, signs for the
/// same calls in path style at a local endpoint.
@Suite("S3 requests addressed and signed like AWS's examples and botocore", .timeLimit(.minutes(1)))
struct S3SigningExampleTests {
    /// The S3 documentation's example: AKIAIOSFODNN7EXAMPLE, examplebucket, 2013-05-24, us-east-1.
    private func documentationExample(_ request: S3Request) -> SignedRequest {
        let configuration = ObjectStoreConfiguration(
            endpoint: URL(string: "https://s3.amazonaws.com")!, region: "us-east-1",
            credentials: ObjectStoreCredentials(
                accessKeyID: "AKIAIOSFODNN7EXAMPLE", secretAccessKey: "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"),
            bucket: "examplebucket")
        #expect(configuration.addressingStyle == .virtualHost)
        let client = ObjectStoreClient(
            configuration: configuration, httpClient: .shared, logger: .init(label: "test"),
            now: { Date(timeIntervalSince1970: 1_369_353_600) })
        return client.signed(request)
    }

    private func header(_ signed: SignedRequest, _ name: String) -> String? {
        signed.headers.first { $0.name == name }?.value
    }

    @Test func getObjectWithRange() {
        let signed = documentationExample(
            S3Request("GetObject", .GET, bucket: "examplebucket", key: "test.txt", headers: [("range", "bytes=0-9")]))
        #expect(signed.url == "https://examplebucket.s3.amazonaws.com/test.txt")
        #expect(
            signed.canonical.text == """
                GET
                /test.txt

                host:examplebucket.s3.amazonaws.com
                range:bytes=0-9
                x-amz-content-sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855
                x-amz-date:20130524T000000Z

                host;range;x-amz-content-sha256;x-amz-date
                e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855
                """)
        #expect(
            header(signed, "authorization")
                == "AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20130524/us-east-1/s3/aws4_request, "
                + "SignedHeaders=host;range;x-amz-content-sha256;x-amz-date, "
                + "Signature=f0e8bdb87c964420e857bd35b5d6ed310bd44f0170aba48dd91039c6036bdb41")
    }

    @Test func putObjectSignsThePayloadHash() {
        let signed = documentationExample(
            S3Request(
                "PutObject", .PUT, bucket: "examplebucket", key: "test$file.text",
                headers: [("date", "Fri, 24 May 2013 00:00:00 GMT"), ("x-amz-storage-class", "REDUCED_REDUNDANCY")],
                body: ByteBuffer(string: "Welcome to Amazon S3.")))
        #expect(signed.url == "https://examplebucket.s3.amazonaws.com/test%24file.text")
        #expect(
            header(signed, "x-amz-content-sha256") == "44ce7dd67c959e0d3524ffac1771dfbba87d2b6b4b4e99e42034a8b803f8b072"
        )
        #expect(signed.canonical.signedHeaders == "date;host;x-amz-content-sha256;x-amz-date;x-amz-storage-class")
        #expect(
            header(signed, "authorization")?.hasSuffix(
                "Signature=98ad721746da40c64f1a55b78f14c238d841ea1380cd77a1b5971af0ece108bd") == true)
    }

    @Test func getBucketLifecycleSignsAFlagParameter() {
        let signed = documentationExample(
            S3Request("GetBucketLifecycle", .GET, bucket: "examplebucket", query: [QueryParameter("lifecycle")]))
        #expect(signed.url == "https://examplebucket.s3.amazonaws.com/?lifecycle=")
        #expect(signed.canonical.queryString == "lifecycle=")
        #expect(
            header(signed, "authorization")?.hasSuffix(
                "Signature=fea454ca298b7da1c68078a5d1bdbfbbe0d65c699e0f91ac7a200a0136783543") == true)
    }

    @Test func listObjectsSortsTheQuery() {
        let signed = documentationExample(
            S3Request(
                "ListObjects", .GET, bucket: "examplebucket",
                query: [QueryParameter("prefix", "J"), QueryParameter("max-keys", "2")]))
        #expect(signed.url == "https://examplebucket.s3.amazonaws.com/?max-keys=2&prefix=J")
        #expect(
            header(signed, "authorization")?.hasSuffix(
                "Signature=34b48302e7b5fa45bde8084f4b7868a86f0a534bc59db6670ed5711ef69dc6f7") == true)
    }

    /// Path style at http://127.0.0.1:9000, key AKIDEXAMPLE, 2024-05-01T12:00:00Z: the canonical
    /// requests and signatures botocore 1.43 produced for the same calls.
    private func localExample(_ request: S3Request) -> SignedRequest {
        let configuration = ObjectStoreConfiguration(
            endpoint: URL(string: "http://127.0.0.1:9000")!, region: "us-east-1",
            credentials: ObjectStoreCredentials(
                accessKeyID: "AKIDEXAMPLE", secretAccessKey: "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"),
            bucket: "tributary")
        #expect(configuration.addressingStyle == .path)
        let client = ObjectStoreClient(
            configuration: configuration, httpClient: .shared, logger: .init(label: "test"),
            now: { Date(timeIntervalSince1970: 1_714_564_800) })
        return client.signed(request)
    }

    @Test func putObjectWithUnicodeAndReservedCharactersInTheKeyLikeBotocore() {
        let key = "photos/2024 summer/caf\u{E9} \u{20AC}+(1)!~*'.jpg"
        let signed = localExample(
            S3Request(
                "PutObject", .PUT, bucket: "tributary", key: key, headers: [("content-type", "image/jpeg")],
                body: ByteBuffer(string: "hello")))
        let path = "/tributary/photos/2024%20summer/caf%C3%A9%20%E2%82%AC%2B%281%29%21~%2A%27.jpg"
        #expect(signed.url == "http://127.0.0.1:9000" + path)
        #expect(
            signed.canonical.text == """
                PUT
                \(path)

                content-type:image/jpeg
                host:127.0.0.1:9000
                x-amz-content-sha256:2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824
                x-amz-date:20240501T120000Z

                content-type;host;x-amz-content-sha256;x-amz-date
                2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824
                """)
        #expect(
            header(signed, "authorization")?.hasSuffix(
                "Signature=3d20e0f805300c615a7f151e12bb872ace73aab21a72e3d63f9f8cf0b7c441b9") == true)
    }

    @Test func listObjectsV2WithEncodedPrefixAndTokenLikeBotocore() {
        let signed = localExample(
            S3Request(
                "ListObjectsV2", .GET, bucket: "tributary",
                query: [
                    QueryParameter("list-type", "2"), QueryParameter("prefix", "a b/\u{20AC}"),
                    QueryParameter("continuation-token", "1/2+3="), QueryParameter("max-keys", "2"),
                    QueryParameter("encoding-type", "url"),
                ]))
        let query = "continuation-token=1%2F2%2B3%3D&encoding-type=url&list-type=2&max-keys=2&prefix=a%20b%2F%E2%82%AC"
        #expect(signed.canonical.queryString == query)
        #expect(signed.url == "http://127.0.0.1:9000/tributary?" + query)
        #expect(
            header(signed, "authorization")?.hasSuffix(
                "Signature=00f07f78f729f8486410955dac2a32cdf73ed1f6da366f499b2e6f157d7291ea") == true)
    }

    @Test func sessionTokenIsSentAndSigned() {
        var configuration = ObjectStoreConfiguration(
            endpoint: URL(string: "http://127.0.0.1:9000")!,
            credentials: ObjectStoreCredentials(accessKeyID: "AKID", secretAccessKey: "secret", sessionToken: "tok"),
            bucket: "b")
        configuration.partSize = ObjectStoreConfiguration.minimumPartSize
        let client = ObjectStoreClient(configuration: configuration, httpClient: .shared, logger: .init(label: "t"))
        let signed = client.signed(S3Request("HeadBucket", .HEAD, bucket: "b"))
        #expect(header(signed, "x-amz-security-token") == "tok")
        #expect(signed.canonical.signedHeaders == "host;x-amz-content-sha256;x-amz-date;x-amz-security-token")
    }
}
