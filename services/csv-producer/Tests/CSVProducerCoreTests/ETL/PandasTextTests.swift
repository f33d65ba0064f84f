import Testing

@testable import CSVProducerCore

@Suite("pandas' reading and writing of values", .timeLimit(.minutes(1)))
struct PandasTextTests {
    private func with<T>(_ text: String, _ body: (UnsafeRawBufferPointer) -> T) -> T {
        Array(text.utf8).withUnsafeBytes(body)
    }

    @Test func missingValuesAreReadCSVsDefaults() {
        for text in ["", "NA", "N/A", "n/a", "NaN", "nan", "-nan", "null", "NULL", "None", "<NA>", "#N/A", "1.#QNAN"] {
            #expect(with(text, PandasText.isMissing), "\(text)")
        }
        for text in ["na", "none", " ", "NA ", "0", "1", "-", "Null"] {
            #expect(!with(text, PandasText.isMissing), "\(text)")
        }
    }

    @Test func integersAndDecimals() {
        #expect(with(" 42 ", PandasText.int64) == 42)
        #expect(with("+7", PandasText.int64) == 7)
        #expect(with("-9223372036854775808", PandasText.int64) == Int64.min)
        #expect(with("9223372036854775808", PandasText.int64) == nil)
        #expect(with("1.0", PandasText.int64) == nil)
        #expect(with("139.55", PandasText.double) == 139.55)
        #expect(with("0.1", PandasText.double) == 0.1)
        #expect(with(".5", PandasText.double) == 0.5)
        #expect(with("1e3", PandasText.double) == 1000)
        #expect(with("-Infinity", PandasText.double) == -.infinity)
        #expect(with("12345678901234567890.5", PandasText.double) == 12345678901234567890.5)
        for text in ["1.2.3", "1e", "e5", ".", "-", "abc", "0x10", "1,5"] {
            #expect(with(text, PandasText.double) == nil, "\(text)")
        }
    }

    @Test func isoDatesAreCalendarDates() {
        #expect(with("1970-01-01", PandasText.isoDate) == 0)
        #expect(with("2024-02-29", PandasText.isoDate) == 19_782)
        #expect(with("2024-2-3", PandasText.isoDate) == with("2024-02-03", PandasText.isoDate))
        #expect(with("0000-03-01", PandasText.isoDate) == -719_468)
        for text in [
            "2023-02-29", "2100-02-29", "2024-04-31", "2024-13-01", "2024-1-00", " 2024-01-01", "2024-01-01T00",
        ] {
            #expect(with(text, PandasText.isoDate) == nil, "\(text)")
        }
    }

    @Test func valuesAreWrittenAsToCSVWritesThem() {
        func text(_ write: (inout [UInt8]) -> Void) -> String {
            var bytes: [UInt8] = []
            write(&bytes)
            return String(decoding: bytes, as: UTF8.self)
        }
        #expect(text { PandasCSVFormat.append(Int64(-120), to: &$0) } == "-120")
        #expect(text { PandasCSVFormat.append(Int64.min, to: &$0) } == "-9223372036854775808")
        let floats: [(Double, String)] = [
            (3, "3.0"), (-0.0, "-0.0"), (139.55, "139.55"), (1e16, "1e+16"), (1e-5, "1e-05"), (0.0001, "0.0001"),
            (.infinity, "inf"), (1234567890123456.0, "1234567890123456.0"),
        ]
        for (value, expected) in floats { #expect(text { PandasCSVFormat.append(value, to: &$0) } == expected) }
        #expect(text { PandasCSVFormat.appendDate(daysSinceEpoch: 19_782, to: &$0) } == "2024-02-29")
        #expect(text { PandasCSVFormat.appendDate(daysSinceEpoch: -719_162, to: &$0) } == "0001-01-01")
        func quoted(_ value: String) -> String {
            text { output in Array(value.utf8).withUnsafeBytes { PandasCSVFormat.appendText($0, to: &output) } }
        }
        #expect(quoted("a, b") == "\"a, b\"")
        #expect(quoted("say \"hi\"") == "\"say \"\"hi\"\"\"")
        #expect(quoted("x\ny") == "\"x\ny\"")
        #expect(quoted("x\ry") == "x\ry")  // pandas' line terminator is \n alone
    }
}
