import Testing

@testable import ObjectStore

@Suite("SigV4 URI encoding of keys and query parameters", .timeLimit(.minutes(1)))
struct URIEncodingTests {
    @Test func unreservedCharactersStayAsTheyAre() {
        let unreserved = "ABCXYZabcxyz0189-._~"
        #expect(URIEncoding.path(unreserved) == unreserved)
        #expect(URIEncoding.queryComponent(unreserved) == unreserved)
    }

    @Test func spacesArePercentTwentyNeverPlus() {
        #expect(URIEncoding.path("monthly report.csv") == "monthly%20report.csv")
        #expect(URIEncoding.queryComponent("a b") == "a%20b")
        #expect(URIEncoding.path("a+b") == "a%2Bb")
    }

    @Test func slashesAreKeptInPathsAndEncodedInQueries() {
        #expect(URIEncoding.path("uploads/2024/05/file.bin") == "uploads/2024/05/file.bin")
        #expect(URIEncoding.path("//leading/and//double/") == "//leading/and//double/")
        #expect(URIEncoding.queryComponent("uploads/2024/") == "uploads%2F2024%2F")
    }

    @Test func unicodeIsEncodedAsUTF8BytesInUpperCaseHex() {
        #expect(URIEncoding.path("caf\u{E9}") == "caf%C3%A9")
        // The decomposed form is other bytes, so another key: S3 does not normalise.
        #expect(URIEncoding.path("cafe\u{301}") == "cafe%CC%81")
        #expect(URIEncoding.path("\u{20AC}") == "%E2%82%AC")
        #expect(URIEncoding.path("\u{1F4C1}/\u{65E5}\u{672C}") == "%F0%9F%93%81/%E6%97%A5%E6%9C%AC")
    }

    @Test func everyReservedCharacterIsEncoded() {
        #expect(
            URIEncoding.path("!#$&'()*+,:;=?@[]%\"<>^`{|}")
                == "%21%23%24%26%27%28%29%2A%2B%2C%3A%3B%3D%3F%40%5B%5D%25%22%3C%3E%5E%60%7B%7C%7D")
        #expect(URIEncoding.queryComponent("1/2+3=") == "1%2F2%2B3%3D")
    }

    @Test func controlCharactersAreEncoded() {
        #expect(URIEncoding.path("a\tb\nc\u{0}") == "a%09b%0Ac%00")
    }

    @Test func queryIsSortedByEncodedNameThenValue() {
        let query = [
            QueryParameter("uploadId", "x"), QueryParameter("partNumber", "10"), QueryParameter("a", "2"),
            QueryParameter("a", "10"), QueryParameter("uploads"), QueryParameter("Z", "upper sorts first"),
        ]
        #expect(
            CanonicalRequest.queryString(query)
                == "Z=upper%20sorts%20first&a=10&a=2&partNumber=10&uploadId=x&uploads=")
    }

    @Test func pathStyleAndVirtualHostAddresses() throws {
        let local = S3Endpoint(try #require(.init(string: "http://127.0.0.1:9000")), style: .path)
        #expect(
            local.address(bucket: "b", key: "dir/a b", query: [])
                == .init(host: "127.0.0.1:9000", path: "/b/dir/a%20b", url: "http://127.0.0.1:9000/b/dir/a%20b"))
        #expect(
            local.address(bucket: "b", key: nil, query: [QueryParameter("uploads")]).url
                == "http://127.0.0.1:9000/b?uploads=")
        #expect(local.address(bucket: nil, key: nil, query: []).path == "/")

        let aws = S3Endpoint(try #require(.init(string: "https://s3.eu-west-1.amazonaws.com:443")), style: .virtualHost)
        #expect(
            aws.address(bucket: "files", key: "x.csv", query: [])
                == .init(
                    host: "files.s3.eu-west-1.amazonaws.com", path: "/x.csv",
                    url: "https://files.s3.eu-west-1.amazonaws.com/x.csv"))
        #expect(aws.address(bucket: "files", key: nil, query: []).path == "/")
        // A dotted bucket would not match the certificate's wildcard: path style instead.
        #expect(
            aws.address(bucket: "my.files", key: "x", query: []).url == "https://s3.eu-west-1.amazonaws.com/my.files/x")
    }
}
