import Foundation
import Testing

@testable import ObjectStore

/// The signer against AWS's published examples: the signature test suite's vectors (service
/// "service", key AKIDEXAMPLE, 2015-08-30) and the four examples of the S3 documentation's
/// "Signature Calculations for the Authorization Header" page (examplebucket, 2013-05-24).
@Suite("AWS Signature Version 4 against AWS's published examples", .timeLimit(.minutes(1)))
struct SigV4SignerTests {
    static let suiteSigner = SigV4Signer(
        credentials: ObjectStoreCredentials(
            accessKeyID: "AKIDEXAMPLE", secretAccessKey: "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"),
        region: "us-east-1", service: "service")
    static let suiteTime = SigV4Timestamp(Date(timeIntervalSince1970: 1_440_938_160))  // 20150830T123600Z

    private func suiteRequest(
        _ method: String, _ path: String, query: [QueryParameter] = [], headers: [(String, String)] = [],
        payloadHash: String = PayloadHash.empty
    ) -> CanonicalRequest {
        CanonicalRequest(
            method: method, path: path, query: query,
            headers: [("Host", "example.amazonaws.com"), ("X-Amz-Date", "20150830T123600Z")] + headers,
            payloadHash: payloadHash)
    }

    @Test func timestampIsUTCInBothForms() {
        #expect(Self.suiteTime == SigV4Timestamp(Date(timeIntervalSince1970: 1_440_938_160.9)))
        #expect(Self.suiteTime.date == "20150830")
        #expect(Self.suiteTime.dateTime == "20150830T123600Z")
    }

    @Test func getVanilla() {
        let request = suiteRequest("GET", "/")
        #expect(
            request.text == """
                GET
                /

                host:example.amazonaws.com
                x-amz-date:20150830T123600Z

                host;x-amz-date
                e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855
                """)
        #expect(
            Self.suiteSigner.stringToSign(request, at: Self.suiteTime) == """
                AWS4-HMAC-SHA256
                20150830T123600Z
                20150830/us-east-1/service/aws4_request
                bb579772317eb040ac9ed261061d46c1f17a8133879d6129b6e1c25292927e63
                """)
        #expect(
            Self.suiteSigner.authorization(request, at: Self.suiteTime)
                == "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, "
                + "SignedHeaders=host;x-amz-date, "
                + "Signature=5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31")
    }

    @Test func getVanillaQueryOrderKeyCase() {
        // Given out of order: canonicalization sorts them.
        let request = suiteRequest(
            "GET", "/", query: [QueryParameter("Param2", "value2"), QueryParameter("Param1", "value1")])
        #expect(request.queryString == "Param1=value1&Param2=value2")
        #expect(
            Self.suiteSigner.signature(request, at: Self.suiteTime)
                == "b97d918cfa904a5beff61c982a1b6f458b799221646efd99d3219ec94cdf2500")
    }

    @Test func postVanilla() {
        #expect(
            Self.suiteSigner.signature(suiteRequest("POST", "/"), at: Self.suiteTime)
                == "5da7c1a2acd57cee7505fc6676e4e544621c30862966e37dddb68e92efbe5d6b")
    }

    @Test func postXWWWFormURLEncoded() {
        let request = suiteRequest(
            "POST", "/", headers: [("Content-Type", "application/x-www-form-urlencoded")],
            payloadHash: PayloadHash.of("Param1=value1"))
        #expect(request.signedHeaders == "content-type;host;x-amz-date")
        #expect(
            Self.suiteSigner.signature(request, at: Self.suiteTime)
                == "ff11897932ad3f4e8b18135d722051e5ac45fc38421b1da7b9d196a0fe09473a")
    }

    @Test func getUTF8PathAndQuery() {
        let path = suiteRequest("GET", URIEncoding.path("/\u{1234}"))
        #expect(path.path == "/%E1%88%B4")
        #expect(
            Self.suiteSigner.signature(path, at: Self.suiteTime)
                == "8318018e0b0f223aa2bbf98705b62bb787dc9c0e678f255a891fd03141be5d85")
        let query = suiteRequest("GET", "/", query: [QueryParameter("\u{1234}", "bar")])
        #expect(query.queryString == "%E1%88%B4=bar")
        #expect(
            Self.suiteSigner.signature(query, at: Self.suiteTime)
                == "2cdec8eed098649ff3a119c94853b13c643bcf08f8b0a1d91e12c9027818dd04")
    }

    @Test func headerValuesAreTrimmedAndNamesLowerCased() {
        let request = CanonicalRequest(
            method: "GET", path: "/", query: [],
            headers: [("My-Header1", "  value1   with  spaces "), ("HOST", "h"), ("my-header1", "second")],
            payloadHash: PayloadHash.empty)
        #expect(request.signedHeaders == "host;my-header1")
        #expect(request.text.contains("my-header1:value1 with spaces,second\n"))
    }
}
