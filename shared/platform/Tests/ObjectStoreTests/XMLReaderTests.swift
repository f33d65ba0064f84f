import NIOCore
import Testing

@testable import ObjectStore

@Suite("S3's XML answers: errors, listings, multipart", .timeLimit(.minutes(1)))
struct XMLReaderTests {
    private func bytes(_ text: String) -> [UInt8] { Array(text.utf8) }

    @Test func parsesAnErrorBody() {
        let body = """
            <?xml version="1.0" encoding="UTF-8"?>
            <Error><Code>NoSuchKey</Code><Message>The specified key does not exist.</Message>\
            <Key>a &amp; b.txt</Key><RequestId>4442587FB7D0A2F9</RequestId><HostId>x</HostId></Error>
            """
        #expect(
            S3ErrorBody.parse(bytes(body))
                == S3ErrorBody(
                    code: "NoSuchKey", message: "The specified key does not exist.", requestID: "4442587FB7D0A2F9"))
    }

    @Test func parsesMotosSignatureErrorWithNamespaceAndWhitespace() {
        let body = """
            <?xml version="1.0" encoding="UTF-8"?>
            <Error xmlns="http://s3.amazonaws.com/doc/2006-03-01/">
              <Code>SignatureDoesNotMatch</Code>
              <Message>The request signature we calculated does not match the signature you provided. \
            Check your key and signing method.</Message>
              <RequestId>7a62c49f-347e-4fc4-9331-6e8eEXAMPLE</RequestId>
            </Error>
            """
        let parsed = S3ErrorBody.parse(bytes(body))
        #expect(parsed?.code == "SignatureDoesNotMatch")
        #expect(parsed?.requestID == "7a62c49f-347e-4fc4-9331-6e8eEXAMPLE")
        #expect(parsed?.message?.hasPrefix("The request signature we calculated") == true)
    }

    @Test func somethingElseIsNoErrorBody() {
        #expect(S3ErrorBody.parse([UInt8]()) == nil)
        #expect(S3ErrorBody.parse(bytes("<html><body>502 Bad Gateway</body></html>")) == nil)
        #expect(S3ErrorBody.parse(bytes("not xml at all")) == nil)
        #expect(S3ErrorBody.parse(bytes("<Error><Code>Cut off")) == nil)
    }

    @Test func decodesEntitiesCharacterReferencesAndCDATA() throws {
        let root = try XMLReader.parse(
            bytes("<a><b>&lt;&gt;&amp;&quot;&apos;&#233;&#x20AC;</b><c><![CDATA[<raw & kept>]]></c><d/><e x='>'/></a>"))
        #expect(root.text("b") == "<>&\"'\u{E9}\u{20AC}")
        #expect(root.text("c") == "<raw & kept>")
        #expect(root.child("d") == XMLNode(name: "d"))
        #expect(root.child("e") != nil)
        #expect(root.children.map(\.name) == ["b", "c", "d", "e"])
    }

    @Test func malformedDocumentsThrow() {
        #expect(throws: XMLSyntaxError.self) { try XMLReader.parse(self.bytes("<a><b></a>")) }
        #expect(throws: XMLSyntaxError.self) { try XMLReader.parse(self.bytes("<a>&bogus;</a>")) }
        #expect(throws: XMLSyntaxError.self) { try XMLReader.parse(self.bytes("<a>")) }
        #expect(throws: XMLSyntaxError.self) { try XMLReader.parse(self.bytes("")) }
    }

    private let request = S3Request("ListObjectsV2", .GET, bucket: "b")

    @Test func readsAListingPage() throws {
        let xml = """
            <?xml version="1.0" encoding="UTF-8"?>
            <ListBucketResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/"><Name>b</Name><Prefix>p/</Prefix>\
            <KeyCount>2</KeyCount><MaxKeys>2</MaxKeys><IsTruncated>true</IsTruncated>\
            <Contents><Key>p/a b.txt</Key><LastModified>2024-05-01T12:00:00.000Z</LastModified>\
            <ETag>&quot;5d41402abc4b2a76b9719d911017c592&quot;</ETag><Size>5</Size><StorageClass>STANDARD</StorageClass></Contents>\
            <Contents><Key>p/caf\u{E9}</Key><LastModified>2024-05-01T12:00:01Z</LastModified><ETag>"x-2"</ETag><Size>10485760</Size></Contents>\
            <CommonPrefixes><Prefix>p/dir/</Prefix></CommonPrefixes>\
            <NextContinuationToken>1ueGcxLPRx1Tr/XYExHnhbYLgveDs2J/wm36Hy4vbOwM=</NextContinuationToken></ListBucketResult>
            """
        let page = try ListingXML.objects(ByteBuffer(string: xml), request: request)
        #expect(page.objects.map(\.key) == ["p/a b.txt", "p/caf\u{E9}"])
        #expect(page.objects.map(\.size) == [5, 10_485_760])
        #expect(page.objects.map(\.etag) == ["5d41402abc4b2a76b9719d911017c592", "x-2"])
        #expect(page.objects[0].lastModified?.timeIntervalSince1970 == 1_714_564_800)
        #expect(page.objects[1].lastModified?.timeIntervalSince1970 == 1_714_564_801)
        #expect(page.commonPrefixes == ["p/dir/"])
        #expect(page.nextContinuationToken == "1ueGcxLPRx1Tr/XYExHnhbYLgveDs2J/wm36Hy4vbOwM=")
    }

    @Test func theLastPageHasNoToken() throws {
        let xml = "<ListBucketResult><IsTruncated>false</IsTruncated><KeyCount>0</KeyCount></ListBucketResult>"
        let page = try ListingXML.objects(ByteBuffer(string: xml), request: request)
        #expect(page.objects.isEmpty && page.nextContinuationToken == nil)
        #expect(throws: ObjectStoreError.self) {
            try ListingXML.objects(
                ByteBuffer(string: "<ListBucketResult><IsTruncated>true</IsTruncated></ListBucketResult>"),
                request: self.request)
        }
        #expect(throws: ObjectStoreError.self) {
            try ListingXML.objects(ByteBuffer(string: "<Other/>"), request: self.request)
        }
    }

    @Test func readsMultipartAnswers() throws {
        let initiated = """
            <InitiateMultipartUploadResult><Bucket>b</Bucket><Key>k</Key>\
            <UploadId>VXBsb2FkIElEIGZvciA2aWWpbmcncyBteS1tb3ZpZS5tMnRzIHVwbG9hZA</UploadId></InitiateMultipartUploadResult>
            """
        #expect(
            try ListingXML.uploadID(ByteBuffer(string: initiated), request: request)
                == "VXBsb2FkIElEIGZvciA2aWWpbmcncyBteS1tb3ZpZS5tMnRzIHVwbG9hZA")
        let completed = """
            <CompleteMultipartUploadResult><Location>http://b/k</Location><Bucket>b</Bucket><Key>k</Key>\
            <ETag>"3858f62230ac3c915f300c664312c11f-9"</ETag></CompleteMultipartUploadResult>
            """
        #expect(
            try ListingXML.completedETag(ByteBuffer(string: completed), status: 200, request: request)
                == "3858f62230ac3c915f300c664312c11f-9")
        let pending = """
            <ListMultipartUploadsResult><Bucket>b</Bucket><Upload><Key>k1</Key><UploadId>u1</UploadId>\
            <Initiated>2024-05-01T12:00:00.000Z</Initiated></Upload><Upload><Key>k2</Key><UploadId>u2</UploadId></Upload>\
            </ListMultipartUploadsResult>
            """
        let uploads = try ListingXML.uploads(ByteBuffer(string: pending), request: request)
        #expect(uploads.map(\.uploadID) == ["u1", "u2"])
        #expect(uploads.map(\.key) == ["k1", "k2"])
    }

    @Test func aCompletionThatFailsInsideA200IsAnError() throws {
        let failed = "<Error><Code>InternalError</Code><Message>We encountered an internal error.</Message></Error>"
        let error = try #require(throws: ObjectStoreError.self) {
            try ListingXML.completedETag(ByteBuffer(string: failed), status: 200, request: self.request)
        }
        #expect(error.code == "InternalError")
        #expect(error.status == 200)
        #expect(error.isTransient)
    }

    @Test func completionXMLQuotesAndEscapesTheTags() {
        let xml = ObjectStoreClient.completionXML([
            CompletedPart(number: 1, etag: "abc"), CompletedPart(number: 2, etag: "def"),
        ])
        #expect(
            xml == "<CompleteMultipartUpload xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\">"
                + "<Part><PartNumber>1</PartNumber><ETag>&quot;abc&quot;</ETag></Part>"
                + "<Part><PartNumber>2</PartNumber><ETag>&quot;def&quot;</ETag></Part></CompleteMultipartUpload>")
        #expect(XMLText.escaped("a<b>&'\"") == "a&lt;b&gt;&amp;&apos;&quot;")
    }
}
