/// What S3 says in the XML body of an error answer:
///
///     <Error><Code>NoSuchKey</Code><Message>The specified key does not exist.</Message>
///       <Key>a.txt</Key><RequestId>4442587FB7D0A2F9</RequestId></Error>
struct S3ErrorBody: Sendable, Equatable {
    var code: String?
    var message: String?
    var requestID: String?

    /// The fields of `<Error>`, or nil when `bytes` is empty or not such a document (a proxy's
    /// HTML page, say).
    static func parse(_ bytes: some Collection<UInt8>) -> S3ErrorBody? {
        guard !bytes.isEmpty, let root = try? XMLReader.parse(bytes), root.name == "Error" else { return nil }
        return S3ErrorBody(code: root.text("Code"), message: root.text("Message"), requestID: root.text("RequestId"))
    }
}
