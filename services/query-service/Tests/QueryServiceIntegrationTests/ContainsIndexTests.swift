import Foundation
import Logging
import PostgresNIO
import Testing

@testable import QueryServiceCore

/// `contains=` with log-worker's trigram index on `message` in place: the index only narrows the
/// rows PostgreSQL reads, so every answer is exactly the logs whose message contains the text
/// (case-insensitively, `%`, `_` and `\` literally), whether the plan uses the index (3 or more
/// characters) or cannot (1–2 characters, no trigram).
@Suite("contains= with the message trigram index", .timeLimit(.minutes(5)))
struct ContainsIndexTests {
    /// The logs the texts are looked for in, one second apart (0 oldest); among 20,000 others that
    /// contain none of the texts, so that the planner takes the index for a selective text.
    static let messages: [String?] = [
        "Checksum MISMATCH in block 7",
        "checksummed block ok",
        "block 7 re-read: checksum mismatch",
        "100% of quota",
        "50%_off sale",
        "a_b literal",
        "axb not literal",
        #"path C:\temp\x"#,
        #"backslash \ alone"#,
        "CK",
        "k",
        "",
        nil,
        "mismatchmismatch",
    ]

    /// Each text and whether it is long enough for a trigram (so the plan must use the index).
    static let texts: [(text: String, trigrams: Bool)] = [
        ("checksum mismatch", true),
        ("CHECKSUM", true),
        ("hecksu", true),  // inside a word
        ("sum mis", true),  // across two words, inside both
        ("mismatchm", true),
        ("100%", true),
        ("0%_o", true),
        ("a_b", true),
        (#"c:\TEMP\"#, true),
        (#"h \ a"#, true),
        ("zzz", true),
        ("ck", false),
        ("k", false),
        ("%", false),
        ("_", false),
        (#"\"#, false),
        ("%_", false),
    ]

    /// What `contains` means, computed here: a case-insensitive literal substring (ASCII texts).
    static func expected(_ text: String, in logs: [TestLog]) -> [UUID] {
        logs.filter { $0.message?.lowercased().contains(text.lowercased()) == true }
            .sorted { $0.timestamp.microsecondsSince1970 > $1.timestamp.microsecondsSince1970 }
            .map(\.id)
    }

    @Test func containsFindsExactlyTheLogsWithTheTextWithAndWithoutTheIndex() async throws {
        try await LiveQueryService.with { api in
            let logs = Self.messages.enumerated().map { TestLog(at: .at(Double($0.offset)), message: $0.element) }
            try await api.insert(logs)
            let logger = Logger(label: "query-service-test")
            try await api.postgres.query(
                """
                INSERT INTO logs (id, received_at, ts, level, service, message, data)
                SELECT gen_random_uuid(), ts, ts, 'info', 'api', 'request ' || n || ' served in ' || (n % 977) || ' ms', '{}'
                FROM (SELECT n, TIMESTAMPTZ '2026-02-01 00:00:00+00' + n * interval '1 second' AS ts
                      FROM generate_series(1, 20000) AS n) AS filler
                """, logger: logger)
            // VACUUM also writes the GIN index's statistics, which the planner's cost of it reads.
            try await api.postgres.query("VACUUM ANALYZE logs", logger: logger)
            for (text, trigrams) in Self.texts {
                let response = try await api.get("/logs", [("contains", text), ("limit", "1000")])
                #expect(response.status == .ok, "\(text): \(response.text)")
                #expect(try response.page.ids == Self.expected(text, in: logs), "contains=\(text)")
                if trigrams {
                    let plan = try await Self.plan(LogSQL.page(try LogQuery([("contains", text)])), api.postgres)
                    #expect(plan.contains("logs_message_trgm_idx"), "contains=\(text):\n\(plan)")
                }
            }
        }
    }

    static func plan(_ statement: PostgresQuery, _ postgres: PostgresClient) async throws -> String {
        let rows = try await postgres.query(
            PostgresQuery(unsafeSQL: "EXPLAIN " + statement.sql, binds: statement.binds),
            logger: Logger(label: "query-service-test"))
        var lines: [String] = []
        for try await line in rows.decode(String.self) { lines.append(line) }
        return lines.joined(separator: "\n")
    }
}
