import Parquet

/// One pass of the ETL over the input, for one assumption of the column types: every record is
/// typed as `read_csv` would type it, then the rules run in pandas' order (duplicates of
/// `order_id` first, then the quantity fill, then the date parse and the drop), and each kept row
/// goes to the cleaned CSV and the Parquet writer at once. Memory: the seen `order_id`s, one
/// record, one row group, two output buffers.
final class SalesPass {
    /// A field as `read_csv` typed it.
    private enum Cell {
        case missing
        case integer(Int64)
        case number(Double)
        /// The field's bytes in the record, for text columns.
        case text(Range<Int>)
    }

    private let kinds: ColumnKinds
    private(set) var counts = ETLCounts()
    private(set) var sawHeader = false
    private var seenIntegerIDs = Set<Int64>()
    private var seenTextIDs = Set<[UInt8]>()
    private var seenMissingID = false
    private let csv: OutputFile?
    private let parquet: ParquetFileWriter?
    /// The typed fields of the current record. A buffer of trivial values, not an array: written
    /// five times a row, it needs no uniqueness or exclusivity checks.
    private let cells = UnsafeMutablePointer<Cell>.allocate(capacity: SalesColumn.inferred.count)
    private static let microsecondsPerDay: Int64 = 86_400_000_000

    init(kinds: ColumnKinds, csv: OutputFile?, parquet: ParquetFileWriter?) {
        self.kinds = kinds
        self.csv = csv
        self.parquet = parquet
        cells.initialize(repeating: .missing, count: SalesColumn.inferred.count)
        if let csv {
            csv.buffer.append(contentsOf: SalesColumn.names.joined(separator: ",").utf8)
            csv.buffer.append(0x0A)
        }
    }

    deinit {
        cells.deallocate()
    }

    func handle(_ record: CSVRawRecord) throws {
        if record.isUnterminated {
            throw ETLError.malformedLine(line: record.line, reason: "a quoted field is never closed")
        }
        guard sawHeader else {
            try checkHeader(record)
            sawHeader = true
            return
        }
        guard record.fieldCount == SalesColumn.names.count else {
            throw ETLError.malformedLine(
                line: record.line,
                reason: "\(record.fieldCount) fields where the header has \(SalesColumn.names.count)")
        }
        counts.rowsRead += 1
        try record.bytes.withUnsafeBytes { bytes in
            try type(record, bytes)
            guard isFirstOccurrence(bytes) else {
                counts.duplicatesDropped += 1
                return
            }
            if case .missing = cells[SalesColumn.quantity.rawValue] { counts.quantitiesFilled += 1 }
            let dateField = UnsafeRawBufferPointer(rebasing: bytes[record.range(ofField: SalesColumn.orderDate.rawValue)])
            if PandasText.isMissing(dateField) {
                counts.missingDatesDropped += 1
                return
            }
            guard let days = PandasText.isoDate(dateField) else {
                counts.invalidDatesDropped += 1
                return
            }
            counts.rowsWritten += 1
            if let csv { try writeCSV(bytes, days: days, to: csv) }
            if let parquet { try writeParquet(bytes, days: days, to: parquet) }
        }
    }

    private func checkHeader(_ record: CSVRawRecord) throws {
        let names = (0..<record.fieldCount).map { String(decoding: record.bytes[record.range(ofField: $0)], as: UTF8.self) }
        guard names == SalesColumn.names else { throw ETLError.wrongHeader(found: names.joined(separator: ",")) }
    }

    /// Types the inferred columns into `cells`; a value its column's assumed kind cannot hold
    /// ends the pass (`KindsWidened`), as pandas would have typed the whole column wider.
    private func type(_ record: CSVRawRecord, _ bytes: UnsafeRawBufferPointer) throws {
        for column in SalesColumn.inferred {
            let range = record.range(ofField: column.rawValue)
            let field = UnsafeRawBufferPointer(rebasing: bytes[range])
            let kind = kinds[column]
            let cell: Cell
            let needed: ColumnKind
            if PandasText.isMissing(field) {
                (cell, needed) = (.missing, .float64)
            } else if kind == .text {
                (cell, needed) = (.text(range), .text)
            } else if kind == .int64, let integer = PandasText.int64(field) {
                (cell, needed) = (.integer(integer), .int64)
            } else if let number = PandasText.double(field) {
                (cell, needed) = (.number(number), .float64)
            } else {
                (cell, needed) = (.text(range), .text)
            }
            if needed > kind {
                var widened = kinds
                widened[column] = needed
                throw KindsWidened(kinds: widened)
            }
            cells[column.rawValue] = cell
        }
    }

    /// `drop_duplicates(subset=["order_id"])`: the first row with an id stays. Ids compare as
    /// their column's dtype compares them (NaN equal to NaN, 0.0 to -0.0).
    private func isFirstOccurrence(_ bytes: UnsafeRawBufferPointer) -> Bool {
        switch cells[SalesColumn.orderID.rawValue] {
        case .missing:
            defer { seenMissingID = true }
            return !seenMissingID
        case .integer(let id):
            return seenIntegerIDs.insert(id).inserted
        case .number(let id):
            return seenIntegerIDs.insert(Int64(bitPattern: (id == 0 ? 0.0 : id).bitPattern)).inserted
        case .text(let range):
            return seenTextIDs.insert(Array(bytes[range])).inserted
        }
    }

    private func writeCSV(_ bytes: UnsafeRawBufferPointer, days: Int32, to csv: OutputFile) throws {
        for column in SalesColumn.inferred {
            switch cells[column.rawValue] {
            case .missing where column == .quantity:
                if kinds[column] == .text {
                    csv.buffer.append(UInt8(ascii: "1"))  // fillna(1) puts an int into an object column
                } else {
                    PandasCSVFormat.append(1.0, to: &csv.buffer)
                }
            case .missing:
                break
            case .integer(let value):
                PandasCSVFormat.append(value, to: &csv.buffer)
            case .number(let value):
                PandasCSVFormat.append(value, to: &csv.buffer)
            case .text(let range):
                PandasCSVFormat.appendText(UnsafeRawBufferPointer(rebasing: bytes[range]), to: &csv.buffer)
            }
            csv.buffer.append(UInt8(ascii: ","))
        }
        PandasCSVFormat.appendDate(daysSinceEpoch: days, to: &csv.buffer)
        csv.buffer.append(0x0A)
        try csv.flushIfFull()
    }

    private func writeParquet(_ bytes: UnsafeRawBufferPointer, days: Int32, to parquet: ParquetFileWriter) throws {
        for column in SalesColumn.inferred {
            let index = column.rawValue
            switch cells[index] {
            case .missing where column == .quantity:
                if kinds[column] == .text {
                    try parquet.append("1", column: index)
                } else {
                    try parquet.append(1.0, column: index)
                }
            case .missing:
                try parquet.appendNull(column: index)
            case .integer(let value):
                try parquet.append(value, column: index)
            case .number(let value):
                try parquet.append(value, column: index)
            case .text(let range):
                try parquet.append(bytes: UnsafeRawBufferPointer(rebasing: bytes[range]), column: index)
            }
        }
        try parquet.append(Int64(days) * Self.microsecondsPerDay, column: SalesColumn.orderDate.rawValue)
        try parquet.endRow()
    }
}
