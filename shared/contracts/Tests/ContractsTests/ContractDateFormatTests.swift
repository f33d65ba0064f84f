import Contracts
import Foundation
import Testing

@Suite("ISO 8601 date-times", .timeLimit(.minutes(1)))
struct ContractDateFormatTests {
    @Test(arguments: [
        (0.0, "1970-01-01T00:00:00.000Z"),
        (-0.001, "1969-12-31T23:59:59.999Z"),
        (951_782_400, "2000-02-29T00:00:00.000Z"),
        (1_795_240_933.123, "2026-11-21T06:02:13.123Z"),
        (1_795_240_933.9996, "2026-11-21T06:02:14.000Z"),
        (253_402_300_799.999, "9999-12-31T23:59:59.999Z"),
        (-62_167_219_200, "0000-01-01T00:00:00.000Z"),
    ])
    func formats(seconds: Double, text: String) {
        #expect(ContractDateFormat.string(from: Date(timeIntervalSince1970: seconds)) == text)
    }

    @Test func formatsOnlyFourDigitYears() {
        #expect(ContractDateFormat.string(from: Date(timeIntervalSince1970: 253_402_300_800)) == nil)
        #expect(ContractDateFormat.string(from: Date(timeIntervalSince1970: -62_167_219_200.001)) == nil)
        #expect(ContractDateFormat.string(from: Date(timeIntervalSince1970: .nan)) == nil)
        // Foundation's distantPast is January 1 of year 1 in the Julian calendar; the format is proleptic Gregorian.
        #expect(ContractDateFormat.string(from: .distantPast) == "0000-12-30T00:00:00.000Z")
        #expect(ContractDateFormat.string(from: .distantFuture) == "4001-01-01T00:00:00.000Z")
    }

    @Test(arguments: [
        ("2026-11-21T06:02:13.123Z", 1_795_240_933.123),
        ("2026-11-21T06:02:13Z", 1_795_240_933),
        ("2026-11-21T06:02:13.1Z", 1_795_240_933.1),
        ("2026-11-21t06:02:13.123z", 1_795_240_933.123),
        ("2026-11-21 06:02:13.123Z", 1_795_240_933.123),
        ("2026-11-21T08:02:13.123+02:00", 1_795_240_933.123),
        ("2026-11-21T01:32:13.123-0430", 1_795_240_933.123),
        ("2026-11-21T06:02:13.123-00:00", 1_795_240_933.123),
        ("2024-02-29T00:00:00Z", 1_709_164_800),
        ("1969-12-31T23:59:59.999Z", -0.001),
    ])
    func parses(text: String, seconds: Double) {
        #expect(ContractDateFormat.date(from: text) == Date(timeIntervalSince1970: seconds))
    }

    @Test func parsesMoreThanMilliseconds() throws {
        let micro = try #require(ContractDateFormat.date(from: "2026-11-21T06:02:13.123456Z"))
        #expect(abs(micro.timeIntervalSince1970 - 1_795_240_933.123456) < 1e-6)
        let nano = try #require(ContractDateFormat.date(from: "2026-11-21T06:02:13.1234567891234Z"))
        #expect(abs(nano.timeIntervalSince1970 - 1_795_240_933.123456789) < 1e-6)
        #expect(ContractDateFormat.string(from: micro) == "2026-11-21T06:02:13.123Z")
    }

    @Test(arguments: [
        "", "2026-11-21", "2026-11-21T06:02:13", "2026-11-21T06:02Z", "2026-02-30T00:00:00Z", "2100-02-29T00:00:00Z",
        "2026-13-01T00:00:00Z", "2026-00-01T00:00:00Z", "2026-11-21T24:00:00Z", "2026-11-21T06:60:00Z",
        "2026-11-21T06:02:60Z", "2026-11-21T06:02:13.Z", "2026-11-21T06:02:13.123", "2026-11-21T06:02:13.123Z ",
        "2026-11-21T06:02:13+2", "2026-11-21T06:02:13+24:00", "+2026-11-21T06:02:13Z", "２０２６-11-21T06:02:13Z",
        "2026/11/21T06:02:13Z", "1795240933",
    ])
    func rejects(text: String) {
        #expect(ContractDateFormat.date(from: text) == nil)
    }

    @Test("rounded dates survive formatting and parsing bit for bit, and agree with Foundation's formatter")
    func roundTripsAndAgreesWithFoundation() throws {
        let foundation = ISO8601DateFormatter()
        foundation.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        var generator = SplitMix64(seed: 2026)
        for _ in 0..<20_000 {
            // Milliseconds anywhere in 0001...9999.
            let milliseconds = Int64.random(in: -62_135_596_800_000...253_402_300_799_999, using: &generator)
            let date = Date(timeIntervalSince1970: Double(milliseconds) / 1000)
            let text = try #require(ContractDateFormat.string(from: date))
            #expect(ContractDateFormat.date(from: text) == date, "\(text)")
            #expect(ContractDateFormat.roundedToMilliseconds(date) == date)
            if milliseconds > 0 {
                // Foundation's formatter uses the Julian calendar before 1582, so compare only modern dates.
                #expect(foundation.string(from: date) == text)
            }
        }
    }

    @Test("rounding to milliseconds is idempotent and formats the same")
    func rounding() throws {
        var generator = SplitMix64(seed: 7)
        for _ in 0..<10_000 {
            let date = Date(timeIntervalSince1970: Double.random(in: 0..<4_102_444_800, using: &generator))
            let rounded = ContractDateFormat.roundedToMilliseconds(date)
            #expect(abs(rounded.timeIntervalSince(date)) <= 0.0005 + 1e-6)
            #expect(ContractDateFormat.roundedToMilliseconds(rounded) == rounded)
            let text = try #require(ContractDateFormat.string(from: date))
            #expect(ContractDateFormat.string(from: rounded) == text)
            #expect(ContractDateFormat.date(from: text) == rounded)
        }
    }
}

/// A small deterministic random number generator, so failures reproduce.
struct SplitMix64: RandomNumberGenerator {
    private var state: UInt64

    init(seed: UInt64) {
        state = seed
    }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var value = state
        value = (value ^ (value >> 30)) &* 0xBF58_476D_1CE4_E5B9
        value = (value ^ (value >> 27)) &* 0x94D0_49BB_1331_11EB
        return value ^ (value >> 31)
    }
}
