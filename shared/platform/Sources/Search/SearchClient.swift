import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1

/// An Elasticsearch (8.x API) client over AsyncHTTPClient: indexes and mappings, bulk writes,
/// searches with `search_after`, refresh and count. Bodies are JSON the caller builds (a query is
/// the caller's business); answers are decoded into the small types of this library.
///
/// Guarantees: every call ends within ``timeout`` (the whole exchange, body included); any answer
/// of 400 or above throws a ``SearchError`` carrying the server's error type and reason, so a
/// caller can tell "index exists" or "version conflict" from "server down" (``SearchError/kind``).
public struct SearchClient: Sendable {
    public let baseURL: URL
    public let timeout: Duration
    let http: HTTPClient

    public init(baseURL: URL, timeout: Duration = .seconds(10), http: HTTPClient = .shared) {
        self.baseURL = baseURL
        self.timeout = timeout
        self.http = http
    }

    /// The largest answer read: a page of search hits or a bulk report stays far below it.
    static let maximumAnswerBytes = 64 << 20

    /// Sends one request and returns the answer's body, or throws ``SearchError``.
    func exchange(
        _ method: HTTPMethod, _ path: String, query: String? = nil, body: [UInt8]? = nil,
        contentType: String = "application/json"
    ) async throws(SearchError) -> ByteBuffer {
        var url = baseURL.absoluteString
        if url.hasSuffix("/") { url.removeLast() }
        url += "/" + path + (query.map { "?" + $0 } ?? "")
        var request = HTTPClientRequest(url: url)
        request.method = method
        if let body {
            request.headers.add(name: "Content-Type", value: contentType)
            request.body = .bytes(ByteBuffer(bytes: body))
        }
        let status: Int
        let answer: ByteBuffer
        do {
            let response = try await http.execute(request, timeout: .init(timeout))
            status = Int(response.status.code)
            answer = try await response.body.collect(upTo: Self.maximumAnswerBytes)
        } catch {
            throw SearchError(unreachable: "\(method) /\(path): \(error)")
        }
        guard status < 400 else { throw SearchError(status: status, answer: answer, request: "\(method) /\(path)") }
        return answer
    }

    /// Decodes `answer` as `T`, or throws a ``SearchError`` naming the request.
    func decode<T: Decodable>(_ type: T.Type, _ answer: ByteBuffer, request: String) throws(SearchError) -> T {
        do {
            return try JSONDecoder().decode(T.self, from: Data(answer.readableBytesView))
        } catch {
            throw SearchError(unexpectedAnswer: "\(request): \(error)")
        }
    }
}

extension TimeAmount {
    init(_ duration: Duration) {
        let (seconds, attoseconds) = duration.components
        self = .nanoseconds(seconds * 1_000_000_000 + attoseconds / 1_000_000_000)
    }
}
