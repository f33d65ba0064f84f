import Foundation
import Testing

@testable import QueryServiceCore

/// `GET /logs` filters against real PostgreSQL: each returns exactly the matching logs, newest first.
@Suite("GET /logs filters with real servers", .timeLimit(.minutes(5)))
struct LogFilterTests {
    /// Logs 2 and 3 came from one uploaded file, log 6 from another.
    static let fileA = UUID(uuidString: "6f1c2a9e-3b4d-4e5f-8a6b-7c8d9e0f1a2e")!
    static let fileB = UUID(uuidString: "0e5a7b2c-1d3f-4a6b-9c8d-7e6f5a4b3c2d")!

    /// Eight logs one second apart (0 oldest … 7 newest), each filter matching a known subset.
    static let logs: [TestLog] = [
        TestLog(
            at: .at(0), level: "info", service: "api", message: "User logged in",
            data: #"{"user":{"id":1},"tags":["a"]}"#),
        TestLog(at: .at(1), level: "error", service: "api", message: "Disk FULL on /var", data: #"{"user":{"id":2}}"#),
        TestLog(
            at: .at(2), level: "error", service: "billing", message: "100% of quota used",
            data: #"{"user":{"id":1,"plan":"pro"}}"#, fileID: fileA),
        TestLog(
            at: .at(3), level: "warn", service: "billing", message: "a_b literally", data: #"{"tags":["a","b"]}"#,
            fileID: fileA),
        TestLog(at: .at(4), level: nil, service: nil, message: nil, data: "{}"),
        TestLog(at: .at(5), level: "error", service: "api", message: "disk full again", data: #"{"user":{"id":1}}"#),
        TestLog(at: .at(6), level: "info", service: "api", message: "axb only", data: #"{"n":1.5}"#, fileID: fileB),
        TestLog(at: .at(7), level: "info", service: "worker", message: #"path C:\temp"#, data: #"{"user":{"id":3}}"#),
    ]

    /// The expected ids, newest first, of the logs with these indices.
    static func ids(_ indices: [Int]) -> [UUID] {
        indices.sorted(by: >).map { logs[$0].id }
    }

    @Test func everyFilterReturnsExactlyItsLogsNewestFirst() async throws {
        try await LiveQueryService.with { api in
            try await api.insert(Self.logs)
            let cases: [([(String, String)], [Int])] = [
                ([], Array(0...7)),
                ([("level", "error")], [1, 2, 5]),
                ([("service", "billing")], [2, 3]),
                ([("level", "error"), ("service", "api")], [1, 5]),
                ([("from", LogTime.at(2).iso8601)], [2, 3, 4, 5, 6, 7]),
                ([("to", LogTime.at(2).iso8601)], [0, 1]),
                ([("from", LogTime.at(2).iso8601), ("to", LogTime.at(5).iso8601)], [2, 3, 4]),
                ([("from", "2026-03-01T12:00:01+02:00"), ("to", "2026-03-01T10:00:02.000001Z")], [1, 2]),
                ([("contains", "disk full")], [1, 5]),
                ([("contains", "DISK")], [1, 5]),
                ([("contains", "100%")], [2]),
                ([("contains", "%")], [2]),
                ([("contains", "a_b")], [3]),
                ([("contains", "_")], [3]),
                ([("contains", #"C:\temp"#)], [7]),
                ([("contains", "no such text")], []),
                ([("match", #"{"user":{"id":1}}"#)], [0, 2, 5]),
                ([("match", #"{"user":{"id":1,"plan":"pro"}}"#)], [2]),
                ([("match", #"{"tags":["a"]}"#)], [0, 3]),
                ([("match", #"{"n":1.50}"#)], [6]),
                ([("match", "{}")], Array(0...7)),
                ([("match", #"{"user":{"id":1}}"#), ("level", "error"), ("from", LogTime.at(3).iso8601)], [5]),
                (
                    [("level", "error"), ("contains", "disk"), ("service", "api"), ("match", #"{"user":{"id":2}}"#)],
                    [1]
                ),
                ([("level", "debug")], []),
                ([("file_id", Self.fileA.uuidString.lowercased())], [2, 3]),
                ([("file_id", Self.fileA.uuidString), ("level", "error")], [2]),
                ([("file_id", Self.fileB.uuidString.lowercased())], [6]),
                ([("file_id", UUID().uuidString)], []),
            ]
            for (parameters, expected) in cases {
                let response = try await api.get("/logs", parameters)
                #expect(response.status == .ok, "\(parameters): \(response.text)")
                #expect(try response.page.ids == Self.ids(expected), "\(parameters)")
                #expect(try response.page.nextCursor == nil, "\(parameters)")
            }
        }
    }

    @Test func aLogComesBackAsStored() async throws {
        try await LiveQueryService.with { api in
            var log = TestLog(
                at: LogTime(microsecondsSince1970: 1_772_359_200_123_456), level: "error", service: "api",
                message: "quote \" and\nnewline ünïcödé",
                data: #"{"nested":{"list":[1,2.5,null,true,"x"]},"big":12345678901234}"#)
            log.receivedAt = LogTime(microsecondsSince1970: 1_772_359_201_000_000)
            try await api.insert([log])
            let response = try await api.get("/logs/\(log.id.uuidString.lowercased())")
            #expect(response.status == .ok)
            #expect(response.cache == nil)
            let object = try response.object
            #expect(object["id"] as? String == log.id.uuidString.lowercased())
            #expect(object["timestamp"] as? String == "2026-03-01T10:00:00.123456Z")
            #expect(object["received_at"] as? String == "2026-03-01T10:00:01.000Z")
            #expect(object["level"] as? String == "error")
            #expect(object["service"] as? String == "api")
            #expect(object["message"] as? String == log.message)
            let data = try #require(object["data"] as? [String: Any])
            #expect((data["big"] as? NSNumber)?.int64Value == 12_345_678_901_234)
            #expect(((data["nested"] as? [String: Any])?["list"] as? [Any])?.count == 5)
            let listed = try #require(try await api.get("/logs").object["logs"] as? [[String: Any]])
            let sameInTheList = NSDictionary(dictionary: try #require(listed.first)).isEqual(to: object)
            #expect(sameInTheList)
        }
    }

    @Test func oneLogByIDAnswers404And400() async throws {
        try await LiveQueryService.with { api in
            let missing = try await api.get("/logs/\(UUID().uuidString)")
            #expect(missing.status == .notFound)
            #expect(missing.error?.hasPrefix("no log with id ") == true)
            let bad = try await api.get("/logs/not-a-uuid")
            #expect(bad.status == .badRequest)
            #expect(bad.error?.hasPrefix("id: expected a UUID") == true)
        }
    }

    @Test func everyBadParameterIsA400NamingIt() async throws {
        try await LiveQueryService.with { api in
            let cases: [(String, [(String, String)], String)] = [
                ("/logs", [("limit", "0")], "limit"),
                ("/logs", [("limit", "abc")], "limit"),
                ("/logs", [("from", "last tuesday")], "from"),
                ("/logs", [("to", "2026-13-01T00:00:00Z")], "to"),
                ("/logs", [("from", LogTime.at(5).iso8601), ("to", LogTime.at(1).iso8601)], "to"),
                ("/logs", [("cursor", "garbage")], "cursor"),
                ("/logs", [("match", "[1,2]")], "match"),
                ("/logs", [("match", "{not json")], "match"),
                ("/logs", [("colour", "red")], "colour"),
                ("/logs", [("file_id", "not-a-file")], "file_id"),
                ("/logs", [("level", "a"), ("level", "b")], "level"),
                ("/logs/stats", [("bucket", "week")], "bucket"),
                ("/logs/stats", [("from", "2026-01-01T00:00:00Z"), ("to", "2026-03-01T00:00:00Z")], "from"),
                ("/logs/stats", [("limit", "5")], "limit"),
            ]
            for (path, parameters, parameter) in cases {
                let response = try await api.get(path, parameters)
                #expect(response.status == .badRequest, "\(path) \(parameters): \(response.text)")
                #expect(response.headers[.contentType] == "application/json")
                #expect(try response.object["parameter"] as? String == parameter, "\(response.text)")
                #expect(try response.object["code"] as? String == "bad_request", "\(response.text)")
                #expect(response.error?.hasPrefix(parameter + ": ") == true, "\(response.text)")
            }
        }
    }

    @Test func withoutTheLogsTableTheAnswerIs503SayingWhy() async throws {
        try await LiveQueryService.with(withTable: false) { api in
            for path in ["/logs", "/logs/stats", "/logs/\(UUID())"] {
                let response = try await api.get(path)
                #expect(response.status == .serviceUnavailable, "\(path): \(response.text)")
                #expect(response.error?.contains("log-worker") == true, "\(response.text)")
            }
            let ready = try await api.get("/health/ready")
            #expect(ready.status == .ok)
        }
    }
}
