import Foundation
import QueryServiceCore

/// One request shape the benchmark measures, over the generated week of logs
/// (2026-01-01T00:00:00Z to 2026-01-08T00:00:00Z, see ``LogLoader``).
struct Scenario: Sendable {
    let name: String
    let path: String
    let parameters: [(String, String)]

    var pathAndQuery: String {
        guard !parameters.isEmpty else { return path }
        let allowed = CharacterSet.alphanumerics.union(CharacterSet(charactersIn: "-._~"))
        return path + "?"
            + parameters.map { "\($0.0)=\($0.1.addingPercentEncoding(withAllowedCharacters: allowed) ?? $0.1)" }
            .joined(separator: "&")
    }

    /// A cursor in the middle of the week: the page after it is as deep as pages get.
    static let middleCursor = LogCursor(
        timestamp: LogTime(iso8601: "2026-01-04T12:00:00Z")!,
        id: UUID(uuidString: "FFFFFFFF-FFFF-FFFF-FFFF-FFFFFFFFFFFF")!
    ).token

    static let all: [Scenario] = [
        Scenario(
            name: "level+service+2 days", path: "/logs",
            parameters: [
                ("level", "error"), ("service", "billing"), ("from", "2026-01-03T00:00:00Z"),
                ("to", "2026-01-05T00:00:00Z"),
            ]),
        Scenario(
            name: "level+service+2 days+match", path: "/logs",
            parameters: [
                ("level", "error"), ("service", "billing"), ("from", "2026-01-03T00:00:00Z"),
                ("to", "2026-01-05T00:00:00Z"),
                ("match", #"{"http":{"status":503}}"#),
            ]),
        Scenario(name: "match one user", path: "/logs", parameters: [("match", #"{"user_id":4242}"#)]),
        Scenario(name: "match 1% (status 503)", path: "/logs", parameters: [("match", #"{"http":{"status":503}}"#)]),
        Scenario(name: "contains (common word)", path: "/logs", parameters: [("contains", "timeout")]),
        Scenario(
            name: "level+2 days+contains", path: "/logs",
            parameters: [
                ("level", "error"), ("from", "2026-01-03T00:00:00Z"), ("to", "2026-01-05T00:00:00Z"),
                ("contains", "card declined"),
            ]),
        Scenario(name: "contains (rare word)", path: "/logs", parameters: [("contains", "checksum mismatch")]),
        Scenario(
            name: "level, page after a cursor mid-week", path: "/logs",
            parameters: [("level", "warn"), ("cursor", middleCursor)]),
        Scenario(
            name: "stats by hour, 1 day", path: "/logs/stats",
            parameters: [("from", "2026-01-04T00:00:00Z"), ("to", "2026-01-05T00:00:00Z"), ("bucket", "hour")]),
    ]
}
