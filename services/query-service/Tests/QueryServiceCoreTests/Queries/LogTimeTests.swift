import Testing

@testable import QueryServiceCore

@Suite("LogTime: microseconds in, ISO 8601 out", .timeLimit(.minutes(1)))
struct LogTimeTests {
    @Test func readsRFC3339InAnyOffsetToTheMicrosecond() throws {
        let utc = try #require(LogTime(iso8601: "2026-03-01T10:00:00.123456Z"))
        #expect(utc.microsecondsSince1970 == 1_772_359_200_123_456)
        #expect(LogTime(iso8601: "2026-03-01T12:00:00.123456+02:00") == utc)
        #expect(LogTime(iso8601: "2026-03-01T10:00:00Z")?.microsecondsSince1970 == 1_772_359_200_000_000)
        #expect(LogTime(iso8601: "2026-03-01T10:00:00.5Z")?.microsecondsSince1970 == 1_772_359_200_500_000)
        #expect(LogTime(iso8601: "2026-03-01T10:00:00.1234565Z")?.microsecondsSince1970 == 1_772_359_200_123_457)
        #expect(LogTime(iso8601: "2026-03-01T10:00:00.9999999Z")?.microsecondsSince1970 == 1_772_359_201_000_000)
        #expect(LogTime(iso8601: "1969-12-31T23:59:59.5Z")?.microsecondsSince1970 == -500_000)
    }

    @Test(arguments: ["", "yesterday", "2026-02-30T00:00:00Z", "2026-03-01", "1772359200"])
    func rejectsWhatIsNotADateTime(_ text: String) {
        #expect(LogTime(iso8601: text) == nil)
    }

    @Test func writesMillisecondsUnlessMicrosecondsMatter() {
        #expect(LogTime(microsecondsSince1970: 1_772_359_200_123_000).iso8601 == "2026-03-01T10:00:00.123Z")
        #expect(LogTime(microsecondsSince1970: 1_772_359_200_123_456).iso8601 == "2026-03-01T10:00:00.123456Z")
        #expect(LogTime(microsecondsSince1970: 1_772_359_200_000_007).iso8601 == "2026-03-01T10:00:00.000007Z")
        #expect(LogTime(microsecondsSince1970: 0).iso8601 == "1970-01-01T00:00:00.000Z")
        #expect(LogTime(microsecondsSince1970: -1).iso8601 == "1969-12-31T23:59:59.999999Z")
    }

    @Test func theTextReadsBackToTheSameTime() {
        for micros: Int64 in [0, -1, 1, 1_772_359_200_123_456, 1_772_359_200_123_000, 253_402_300_799_999_999] {
            let time = LogTime(microsecondsSince1970: micros)
            #expect(LogTime(iso8601: time.iso8601) == time, "\(time.iso8601)")
        }
    }
}
