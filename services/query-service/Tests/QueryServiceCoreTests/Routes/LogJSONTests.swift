import Foundation
import NIOCore
import Testing

@testable import QueryServiceCore

@Suite("answer bodies", .timeLimit(.minutes(1)))
struct LogJSONTests {
    static func log(_ n: Int, message: String? = "m", data: String = #"{"k": [1, 2]}"#) -> StoredLog {
        StoredLog(
            id: UUID(uuidString: String(format: "00000000-0000-4000-8000-%012d", n))!,
            receivedAt: LogTime(microsecondsSince1970: 1_772_359_200_000_000),
            timestamp: LogTime(microsecondsSince1970: 1_772_359_200_000_000 - Int64(n) * 1000),
            level: "info", service: nil, message: message, data: RawJSON(ByteBuffer(string: data)))
    }

    static func object(_ buffer: ByteBuffer) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(buffer.readableBytesView)) as? [String: Any])
    }

    @Test func aFullPageCarriesTheCursorOfItsLastLog() throws {
        let rows = (1...3).map { Self.log($0) }
        let page = try Self.object(LogJSON.page(rows, limit: 2))
        let logs = try #require(page["logs"] as? [[String: Any]])
        #expect(logs.count == 2)
        #expect(page["next_cursor"] as? String == rows[1].cursor.token)
        #expect(logs[0]["id"] as? String == "00000000-0000-4000-8000-000000000001")
        #expect(logs[0]["timestamp"] as? String == "2026-03-01T09:59:59.999Z")
        #expect(logs[0]["received_at"] as? String == "2026-03-01T10:00:00.000Z")
        #expect(logs[0]["level"] as? String == "info")
        #expect(logs[0]["service"] is NSNull)
        #expect((logs[0]["data"] as? [String: Any])?["k"] as? [Int] == [1, 2])
    }

    @Test func theLastPageHasNoCursor() throws {
        let page = try Self.object(LogJSON.page([Self.log(1)], limit: 2))
        #expect(page["next_cursor"] is NSNull)
        #expect(try Self.object(LogJSON.page([], limit: 2))["logs"] as? [Any] != nil)
    }

    @Test func messagesAreEscaped() throws {
        let message = "quote \" backslash \\ newline \n tab \t bell \u{07} nul-free ünïcödé 🎉 </script>"
        let page = try Self.object(LogJSON.page([Self.log(1, message: message)], limit: 1))
        #expect((page["logs"] as? [[String: Any]])?.first?["message"] as? String == message)
    }

    @Test func statsGroupLevelsByBucket() throws {
        let first = LogTime(iso8601: "2026-03-01T10:00:00Z")!
        let second = LogTime(iso8601: "2026-03-01T10:01:00Z")!
        let body = LogJSON.stats(
            [
                LevelCount(bucketStart: first, level: "error", count: 3),
                LevelCount(bucketStart: first, level: nil, count: 1),
                LevelCount(bucketStart: second, level: "info", count: 7),
            ],
            query: LogStatsQuery(from: first, to: second.adding(microseconds: 60_000_000), bucket: .minute))
        #expect(
            String(buffer: body)
                == #"{"from":"2026-03-01T10:00:00.000Z","to":"2026-03-01T10:02:00.000Z","bucket":"minute","buckets":[{"start":"2026-03-01T10:00:00.000Z","counts":{"error":3,"(none)":1}},{"start":"2026-03-01T10:01:00.000Z","counts":{"info":7}}]}"#
        )
        let empty = LogJSON.stats([], query: LogStatsQuery(from: first, to: second, bucket: .minute))
        #expect(try (Self.object(empty)["buckets"] as? [Any])?.isEmpty == true)
    }
}
