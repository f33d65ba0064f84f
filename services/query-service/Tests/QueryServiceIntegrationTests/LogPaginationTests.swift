import Foundation
import Testing

@testable import QueryServiceCore

/// Keyset pages over real PostgreSQL: walking the cursors visits every row exactly once, newest first.
@Suite("GET /logs pagination with real servers", .timeLimit(.minutes(5)))
struct LogPaginationTests {
    /// 230 logs in 40 distinct instants (so many share a `ts` and only the id orders them), at
    /// microsecond precision, in three services.
    static func logs() -> [TestLog] {
        (0..<230).map { index in
            TestLog(
                at: LogTime.at(Double(index % 40) + 0.000_001 * Double(index % 7)),
                level: index % 3 == 0 ? "error" : "info", service: ["api", "billing", "worker"][index % 3],
                message: "log \(index)", data: #"{"n":\#(index)}"#)
        }
    }

    /// Newest first by (ts, id): PostgreSQL orders uuids by their bytes, as UUID's string does.
    static func newestFirst(_ logs: [TestLog]) -> [UUID] {
        logs.sorted {
            ($0.timestamp, $0.id.uuidString.lowercased()) > ($1.timestamp, $1.id.uuidString.lowercased())
        }.map(\.id)
    }

    func walk(
        _ api: LiveQueryService, _ parameters: [(String, String)], limit: Int, after start: String? = nil
    ) async throws -> [UUID] {
        var seen: [UUID] = []
        var cursor = start
        for _ in 0..<1000 {
            var page = parameters + [("limit", "\(limit)")]
            if let cursor { page.append(("cursor", cursor)) }
            let response = try await api.get("/logs", page)
            #expect(response.status == .ok, "\(response.text)")
            let (ids, next) = try response.page
            #expect(ids.count <= limit)
            if next != nil { #expect(ids.count == limit) }
            seen += ids
            guard let next else { return seen }
            cursor = next
        }
        Issue.record("more than 1000 pages")
        return seen
    }

    @Test func walkingTheCursorsVisitsEveryLogOnceNewestFirst() async throws {
        let logs = Self.logs()
        try await LiveQueryService.with { api in
            try await api.insert(logs)
            let all = try await walk(api, [], limit: 7)
            #expect(all.count == logs.count)
            #expect(Set(all).count == logs.count)
            #expect(all == Self.newestFirst(logs))

            let errors = logs.filter { $0.level == "error" }
            #expect(try await walk(api, [("level", "error")], limit: 10) == Self.newestFirst(errors))

            let window = logs.filter { $0.timestamp >= .at(10) && $0.timestamp < .at(30) && $0.service == "billing" }
            let walked = try await walk(
                api, [("service", "billing"), ("from", LogTime.at(10).iso8601), ("to", LogTime.at(30).iso8601)],
                limit: 4)
            #expect(walked == Self.newestFirst(window))

            // A page exactly as long as the rest ends without a cursor.
            #expect(try await walk(api, [], limit: logs.count) == Self.newestFirst(logs))
            #expect(try await api.get("/logs", [("limit", "\(logs.count)")]).page.nextCursor == nil)
            #expect(try await api.get("/logs", [("limit", "\(logs.count - 1)")]).page.nextCursor != nil)
        }
    }

    @Test func rowsCommittedBehindTheCursorDoNotShiftLaterPages() async throws {
        let logs = Self.logs()
        try await LiveQueryService.with { api in
            try await api.insert(logs)
            let first = try await api.get("/logs", [("limit", "50")]).page
            // Newer logs arrive between two pages: keyset pages neither repeat nor skip.
            try await api.insert((0..<20).map { TestLog(at: .at(100 + Double($0))) })
            try await api.bumpGeneration()
            let cursor = try #require(first.nextCursor)
            let rest = try await walk(api, [], limit: 50, after: cursor)
            #expect(first.ids + rest == Self.newestFirst(logs))
        }
    }
}
