import Foundation
import Parquet
import Testing

@testable import CSVProducerCore

/// The ETL on small files with every awkward case, each checked by bench/etl/check_outputs.py
/// against what pandas itself produces from the same file (CSV byte for byte; the Parquet file as
/// pandas and pyarrow read it). Needs python3 with pandas and pyarrow (make deps), no servers.
@Suite("csv-producer etl equals pandas", .timeLimit(.minutes(3)))
struct SalesCleanerPandasTests {
    static let header = "order_id,customer_id,product,quantity,price,order_date\n"

    /// Writes `csv`, runs the ETL with row groups of `rowGroupRows`, runs the pandas check.
    private func cleanAndCheck(_ csv: String, rowGroupRows: Int = 3) throws -> (counts: ETLCounts, check: String) {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("etl-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let raw = directory.appendingPathComponent("raw.csv").path
        try csv.write(toFile: raw, atomically: true, encoding: .utf8)
        let cleaner = SalesCleaner(
            inputPath: raw, csvPath: directory.appendingPathComponent("out.csv").path,
            parquetPath: directory.appendingPathComponent("out.parquet").path,
            parquetOptions: ParquetWriterOptions(rowGroupRows: rowGroupRows))
        let counts = try cleaner.run { _, _, _ in }
        let check = try Self.python([
            Self.checkScript, raw, directory.appendingPathComponent("out.csv").path,
            directory.appendingPathComponent("out.parquet").path,
        ])
        return (counts, check)
    }

    static let checkScript = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("bench/etl/check_outputs.py").path

    static func python(_ arguments: [String]) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3"] + arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let output = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return String(decoding: output, as: UTF8.self)
    }

    @Test func aFileOfNoRows() throws {
        let result = try cleanAndCheck(Self.header)
        #expect(result.check.hasPrefix("ok rows=0"), "\(result.check)")
        #expect(result.counts.rowsRead == 0 && result.counts.rowsWritten == 0)
    }

    @Test func rowsAllDroppedKeepTheirTypes() throws {
        let result = try cleanAndCheck(Self.header + "1,1,a,1,1,bad\n2,2,b,2,2,\n")
        #expect(result.check.hasPrefix("ok rows=0"), "\(result.check)")
        #expect(result.counts.invalidDatesDropped == 1 && result.counts.missingDatesDropped == 1)
    }

    @Test func allDuplicateIDsKeepTheFirstRowBeforeAnyOtherRule() throws {
        let result = try cleanAndCheck(
            Self.header + "7,1,A,1,2.5,2024-01-01\n7,2,B,,3.5,2024-01-02\n7,3,C,2,4,2024-01-03\n")
        #expect(result.check.hasPrefix("ok rows=1"), "\(result.check)")
        #expect(result.counts.duplicatesDropped == 2)
        // The empty quantity was in a dropped duplicate: nothing filled, but the column is float.
        #expect(result.counts.quantitiesFilled == 0)
    }

    @Test func everyBadDateForm() throws {
        // The first date is ISO, as in the reference data: pandas infers the ISO format from it.
        let dates = [
            "2024-01-01", "", "NA", "null", "2024-02-30", "2023-02-29", "2024-13-01", "2024-00-10", "2024-01-00",
            "15/03/2024", "unknown", "03-15-2024", "2024/02/03", "20240203", " 2024-02-03", "2024-02-03 ",
            "2024-02-03T00:00", "2024-01-05 00:00:00", "24-01-01", "2024-1-5", "2024-02-29", "NaT", "0001-01-01",
            "9999-12-31", "2024-001-01", "12024-01-01",
        ]
        let rows = dates.enumerated().map { "\($0.offset + 1),5,P,1,1.0,\($0.element)\n" }.joined()
        let result = try cleanAndCheck(Self.header + rows)
        #expect(result.check.hasPrefix("ok rows=5"), "\(result.check)")
        #expect(result.counts.missingDatesDropped == 3 && result.counts.invalidDatesDropped == 18)
    }

    @Test func quotesCommasLineBreaksAndMissingProducts() throws {
        let csv =
            Self.header + "1,1,\"a, b\",1,1.5,2024-01-01\n2,1,\"say \"\"hi\"\"\",,2.25,2024-01-02\n"
            + "3,1,\"multi\nline\",3,3,2024-01-03\n4,1,,4,4.125,2024-01-04\n5,1,NA,5,5,2024-01-05\n"
            + "6,1,café,6,1e3,2024-01-06\n"
        let result = try cleanAndCheck(csv)
        #expect(result.check.hasPrefix("ok rows=6"), "\(result.check)")
        #expect(result.counts.quantitiesFilled == 1)
    }

    @Test func aColumnThatTurnsTextLateRestartsWithTheWiderType() throws {
        let rows = (1...50).map { "\($0),\($0 == 40 ? "c40" : String($0)),p,1,1,2024-01-0\($0 % 9 + 1)\n" }.joined()
        let result = try cleanAndCheck(Self.header + rows)
        #expect(result.check.hasPrefix("ok rows=50"), "\(result.check)")
        #expect(result.counts.passes == 3)  // product became text, then customer_id
    }

    @Test func severalRowGroupsOfTheGeneratedData() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("etl-gen-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let raw = directory.appendingPathComponent("sales.csv").path
        let generator = Self.checkScript.replacingOccurrences(of: "check_outputs.py", with: "generate_sales.py")
        _ = try Self.python([generator, "3000", raw])
        let result = try cleanAndCheck(try String(contentsOfFile: raw, encoding: .utf8), rowGroupRows: 500)
        #expect(result.check.hasPrefix("ok rows="), "\(result.check)")
        #expect(result.check.contains("row_groups=6"), "\(result.check)")
        #expect(result.counts.rowsRead == 3000 && result.counts.duplicatesDropped == 90)
    }

    @Test func aMalformedLineIsNamed() throws {
        let csv = Self.header + "1,1,a,1,1,2024-01-01\n2,1,b,1,1,2024-01-01,extra\n"
        #expect(throws: ETLError.malformedLine(line: 3, reason: "7 fields where the header has 6")) {
            _ = try cleanAndCheck(csv)
        }
        #expect(throws: ETLError.malformedLine(line: 2, reason: "a quoted field is never closed")) {
            _ = try cleanAndCheck(Self.header + "1,1,\"open,1,1,2024-01-01\n")
        }
    }

    @Test func aWrongHeaderIsRefused() throws {
        #expect(throws: ETLError.wrongHeader(found: "id,name")) { _ = try cleanAndCheck("id,name\n1,a\n") }
        #expect(throws: ETLError.wrongHeader(found: "an empty file")) { _ = try cleanAndCheck("") }
    }
}
