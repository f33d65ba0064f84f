import AsyncHTTPClient
import Foundation
import NIOCore

/// An HTTP dependency (Elasticsearch, S3) answers a GET below status 500, and, where `validate`
/// is given, with a body it accepts. Its role is the caller's to say: a search index is
/// ``DependencyRole/derived``, an object store holding uploaded files ``DependencyRole/required``.
public struct HTTPEndpointCheck: DependencyCheck {
    public let name: String
    public let role: DependencyRole
    public let url: URL
    private let validate: @Sendable (Int, ByteBuffer) throws -> Void

    public init(
        name: String, url: URL, role: DependencyRole,
        validate: @escaping @Sendable (Int, ByteBuffer) throws -> Void = { _, _ in }
    ) {
        self.name = name
        self.role = role
        self.url = url
        self.validate = validate
    }

    public func check() async throws {
        let request = HTTPClientRequest(url: url.absoluteString)
        let response = try await HTTPClient.shared.execute(request, timeout: .seconds(2))
        let body = try await response.body.collect(upTo: 1 << 20)
        let status = Int(response.status.code)
        guard status < 500 else { throw DependencyCheckError("\(name) answered HTTP \(status)") }
        try validate(status, body)
    }

    /// Elasticsearch: `GET /_cluster/health` answers 200 with a status other than red.
    public static func elasticsearch(
        _ config: ElasticsearchConfig, role: DependencyRole, name: String = "elasticsearch"
    ) -> Self {
        HTTPEndpointCheck(name: name, url: config.url.appendingPathComponent("_cluster/health"), role: role) {
            status, body in
            struct Health: Decodable { let status: String }
            guard status == 200 else {
                throw DependencyCheckError("elasticsearch cluster health answered HTTP \(status)")
            }
            let health = try JSONDecoder().decode(Health.self, from: Data(body.readableBytesView))
            guard health.status != "red" else { throw DependencyCheckError("elasticsearch cluster health is red") }
        }
    }

    /// S3: the endpoint answers HTTP. Any answer below 500 (an unsigned request may well get 403)
    /// shows the store is up; whether the credentials work is the object store client's concern.
    public static func s3(_ config: S3Config, role: DependencyRole, name: String = "s3") -> Self {
        HTTPEndpointCheck(name: name, url: config.endpoint, role: role)
    }
}
