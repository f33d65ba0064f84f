import Foundation
import Testing

@testable import Parquet

/// Files written by ParquetFileWriter, read back by pyarrow (deploy/local/deps.sh installs it):
/// the reader the Parquet files of the ETL are meant for.
@Suite("Parquet files read back by pyarrow", .timeLimit(.minutes(2)))
struct ParquetRoundTripTests {
    private static let schema = ParquetSchema([
        ParquetColumn("id", .int64, optional: false),
        ParquetColumn("amount", .double),
        ParquetColumn("product", .string, dictionary: true),
        ParquetColumn("note", .string),
        ParquetColumn("at", .timestamp(.microseconds)),
        ParquetColumn("day", .date),
        ParquetColumn("nothing", .null),
    ])

    /// Reads the file with pyarrow and prints its schema, row groups, statistics and rows.
    private static let reader = """
        import sys, pyarrow.parquet as pq
        f = pq.ParquetFile(sys.argv[1])
        t = f.read()
        for field in t.schema: print(f"{field.name}:{field.type}:{field.nullable}")
        print(f"row_groups={f.metadata.num_row_groups}")
        for i in range(f.metadata.num_columns if f.metadata.num_row_groups else 0):
            s = f.metadata.row_group(0).column(i).statistics
            if s is None: print(f"stats {i}: none"); continue
            print(f"stats {i}: {s.null_count} {s.min if s.has_min_max else '-'} {s.max if s.has_min_max else '-'}")
        for row in t.to_pylist(): print(row)
        """

    private func writeAndRead(rows: Int, rowGroupRows: Int, compression: ParquetCompression) throws -> [String] {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("parquet-\(UUID()).parquet").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        let writer = try ParquetFileWriter(
            path: path, schema: Self.schema,
            options: ParquetWriterOptions(rowGroupRows: rowGroupRows, compression: compression))
        let products = ["SKU-1", "say \"hi\", then go", "café", ""]
        for row in 0..<rows {
            try writer.append(Int64(row) - 2, column: 0)
            if row % 3 == 1 {
                try writer.appendNull(column: 1)
            } else {
                try writer.append(Double(row) * 1.5, column: 1)
            }
            if row == 2 { try writer.appendNull(column: 2) } else { try writer.append(products[row % 4], column: 2) }
            try writer.append(String(repeating: "n", count: row), column: 3)
            try writer.append(Int64(row) * 86_400_000_000, column: 4)
            try writer.append(Int32(19_000 + row), column: 5)
            try writer.appendNull(column: 6)
            try writer.endRow()
        }
        try writer.close()
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-c", Self.reader, path]
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let output = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0, "pyarrow could not read the file")
        return String(decoding: output, as: UTF8.self).split(separator: "\n").map(String.init)
    }

    @Test(arguments: [ParquetCompression.uncompressed, .snappy, .zstd(level: 1)])
    func typesNullsStatisticsAndRowsSurviveTheTrip(compression: ParquetCompression) throws {
        let lines = try writeAndRead(rows: 5, rowGroupRows: 2, compression: compression)
        #expect(
            lines == [
                "id:int64:False",
                "amount:double:True",
                "product:string:True",
                "note:string:True",
                "at:timestamp[us]:True",
                "day:date32[day]:True",
                "nothing:null:True",
                "row_groups=3",
                "stats 0: 0 -2 -1",
                "stats 1: 1 -0.0 0.0",
                "stats 2: 0 SKU-1 say \"hi\", then go",
                "stats 3: 0  n",
                "stats 4: 0 1970-01-01 00:00:00 1970-01-02 00:00:00",
                "stats 5: 0 2022-01-08 2022-01-09",
                "stats 6: 2 - -",
                "{'id': -2, 'amount': 0.0, 'product': 'SKU-1', 'note': '', 'at': datetime.datetime(1970, 1, 1, 0, 0), 'day': datetime.date(2022, 1, 8), 'nothing': None}",
                "{'id': -1, 'amount': None, 'product': 'say \"hi\", then go', 'note': 'n', 'at': datetime.datetime(1970, 1, 2, 0, 0), 'day': datetime.date(2022, 1, 9), 'nothing': None}",
                "{'id': 0, 'amount': 3.0, 'product': None, 'note': 'nn', 'at': datetime.datetime(1970, 1, 3, 0, 0), 'day': datetime.date(2022, 1, 10), 'nothing': None}",
                "{'id': 1, 'amount': 4.5, 'product': '', 'note': 'nnn', 'at': datetime.datetime(1970, 1, 4, 0, 0), 'day': datetime.date(2022, 1, 11), 'nothing': None}",
                "{'id': 2, 'amount': None, 'product': 'SKU-1', 'note': 'nnnn', 'at': datetime.datetime(1970, 1, 5, 0, 0), 'day': datetime.date(2022, 1, 12), 'nothing': None}",
            ])
    }

    @Test func aFileOfNoRowsHasItsSchemaAndNoRowGroup() throws {
        let lines = try writeAndRead(rows: 0, rowGroupRows: 2, compression: .snappy)
        #expect(
            Array(lines.prefix(8)) == [
                "id:int64:False", "amount:double:True", "product:string:True", "note:string:True",
                "at:timestamp[us]:True", "day:date32[day]:True", "nothing:null:True", "row_groups=0",
            ])
    }

    @Test func manyRowsAcrossRowGroupsKeepTheirOrder() throws {
        let lines = try writeAndRead(rows: 3_000, rowGroupRows: 1_000, compression: .zstd(level: 3))
        #expect(lines.contains("row_groups=3"))
        let rows = lines.filter { $0.hasPrefix("{") }
        #expect(rows.count == 3_000)
        #expect(rows.last?.hasPrefix("{'id': 2997, 'amount': 4498.5, 'product': ''") == true)
    }

    @Test func aWrongValueTypeIsRefused() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("parquet-\(UUID()).parquet").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        let writer = try ParquetFileWriter(path: path, schema: Self.schema)
        #expect(throws: ParquetWriterError.self) { try writer.append(1.5, column: 0) }
        #expect(throws: ParquetWriterError.self) { try writer.appendNull(column: 0) }
        try writer.close()
    }

    @Test func anUnwritablePathIsAnIOError() {
        #expect(throws: ParquetWriterError.self) {
            _ = try ParquetFileWriter(path: "/nonexistent-directory/x.parquet", schema: Self.schema)
        }
    }
}
