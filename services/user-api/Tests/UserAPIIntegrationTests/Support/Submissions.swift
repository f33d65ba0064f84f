import Contracts
import Foundation
import Hummingbird
import HummingbirdTesting
import NIOCore
import PostgresNIO
import ServiceKit
import TestInfra
import Testing

@testable import UserAPICore

/// The variables that give one test its own topics, group and age-groups keys (the broker and
/// Redis are shared by the run), with the short session timeout the local broker wants.
func submissionOverrides(_ name: String = TestNames.unique("subs", separator: ".")) -> [String: String] {
    [
        "USER_SUBMISSIONS_TOPIC": "test.\(name)", "USER_SUBMISSIONS_DEAD_LETTER_TOPIC": "test.\(name).dead",
        "USER_SUBMISSIONS_GROUP": "test.\(name)", "USER_SUBMISSIONS_SESSION_TIMEOUT_MS": "6000",
        "USER_SUBMISSIONS_PARTITIONS": "3", "USER_AGE_GROUPS_CACHE_KEY_PREFIX": "test:\(name):age-groups:",
        "KAFKA_PRODUCE_TIMEOUT_MS": "15000",
    ]
}

/// A status document of `GET /api/user/status/{slug}`.
struct SubmissionStatusDocument {
    let json: JSONValue

    var status: String? { json["status"]?.stringValue }
    var stored: Int64? { json["stored"].flatMap { if case .int(let value) = $0 { value } else { nil } } }
    var rejected: Int64? { json["rejected"].flatMap { if case .int(let value) = $0 { value } else { nil } } }
    var total: Int64? { json["total"].flatMap { if case .int(let value) = $0 { value } else { nil } } }
    var errors: [JSONValue] { json["errors"]?.arrayValue ?? [] }
    var nextErrorsCursor: String? { json["next_errors_cursor"]?.stringValue }
    var isFinal: Bool { ["completed", "completed_with_errors", "failed"].contains(status ?? "") }
}

extension LiveUserAPI {
    func submit(_ body: String, contentType: String = "application/json") async throws -> TestResponse {
        try await execute(.post, "/api/user", headers: [.contentType: contentType], body: body)
    }

    /// Submits and returns the slug of the 202.
    func submitAccepted(_ body: String, contentType: String = "application/json") async throws -> String {
        let response = try await submit(body, contentType: contentType)
        try #require(response.status == .accepted, "\(String(buffer: response.body))")
        let json = try JSONValue.parse(Array(response.body.readableBytesView))
        let slug = try #require(json["slug"]?.stringValue)
        #expect(json["status_url"]?.stringValue == "/api/user/status/\(slug)")
        #expect(response.headers[.location] == "/api/user/status/\(slug)")
        return slug
    }

    func status(_ slug: String, query: String = "") async throws -> SubmissionStatusDocument {
        let response = try await execute(.get, "/api/user/status/\(slug)\(query)")
        try #require(response.status == .ok, "\(String(buffer: response.body))")
        return SubmissionStatusDocument(json: try JSONValue.parse(Array(response.body.readableBytesView)))
    }

    /// Polls the status until it is final (generous: the machine is loaded).
    func finalStatus(_ slug: String, timeout: Duration = .seconds(120)) async throws -> SubmissionStatusDocument {
        try await pollUntil("submission \(slug) final", timeout: timeout, every: .milliseconds(100)) {
            let document = try await status(slug)
            return document.isFinal ? document : nil
        }
    }

    func json(_ uri: String) async throws -> JSONValue {
        let response = try await execute(.get, uri)
        try #require(response.status == .ok, "\(uri): \(String(buffer: response.body))")
        return try JSONValue.parse(Array(response.body.readableBytesView))
    }
}

/// `[{"name":"…","age":…},…]` for `users`.
func usersJSON(_ users: [(name: String, age: Int)]) -> String {
    "[" + users.map { #"{"name":"\#($0.name)","age":\#($0.age)}"# }.joined(separator: ",") + "]"
}

func int(_ value: JSONValue?) -> Int64? {
    if case .int(let number)? = value { return number }
    return nil
}
