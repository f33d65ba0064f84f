import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1

/// An ``S3Request`` addressed and signed for one try: what goes on the wire. Each try is signed
/// anew, with its own time.
struct SignedRequest: Sendable {
    var url: String
    var method: HTTPMethod
    /// Every header sent, `Authorization` included, in the order they are sent.
    var headers: [(name: String, value: String)]
    var body: ByteBuffer?
    /// What was signed, for tests and for the debug log.
    var canonical: CanonicalRequest

    init(_ request: S3Request, endpoint: S3Endpoint, signer: SigV4Signer, at time: SigV4Timestamp) {
        let address = endpoint.address(bucket: request.bucket, key: request.key, query: request.query)
        let payloadHash = request.payloadHash ?? request.body.map(PayloadHash.of) ?? PayloadHash.empty
        var headers: [(name: String, value: String)] = [
            ("host", address.host), ("x-amz-date", time.dateTime), ("x-amz-content-sha256", payloadHash),
        ]
        if let token = signer.credentials.sessionToken { headers.append(("x-amz-security-token", token)) }
        headers += request.headers
        let canonical = CanonicalRequest(
            method: request.method.rawValue, path: address.path, query: request.query, headers: headers,
            payloadHash: payloadHash)
        headers.append(("authorization", signer.authorization(canonical, at: time)))
        self.url = address.url
        self.method = request.method
        self.headers = headers
        self.body = request.body
        self.canonical = canonical
    }

    var httpClientRequest: HTTPClientRequest {
        var request = HTTPClientRequest(url: url)
        request.method = method
        for (name, value) in headers { request.headers.add(name: name, value: value) }
        if let body {
            request.body = .bytes(body)
        } else if method == .PUT || method == .POST {
            // An explicit empty body, so the request says Content-Length: 0 (S3 wants a length).
            request.body = .bytes(ByteBuffer())
        }
        return request
    }
}
