import Parquet

/// One pass of the ETL over the input, for one assumption of the column types: every record is
/// typed as `read_csv` would type it, then the rules run in pandas' order (duplicates of
/// `order_id` first, then the quantity fill, then the date parse and the drop), and each kept row
/// goes to the cleaned CSV and the Parquet writer at once. Memory: the seen `order_id`s, one
/// record, one row group, two output buffers.
///
/// A struct, driven through a non-escaping closure from a local variable: its state is checked
/// for exclusive access at compile time, not on every row.
struct SalesPass {
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
    private let csv: FileOutput?
    /// The cleaned CSV's next bytes, written out by the megabyte.
    private var csvBuffer: [UInt8] = []
    private let parquet: ParquetFileWriter?
    private var batch: SalesParquetBatch
    /// The typed fields of the current record.
    private var cells: [Cell] = Array(repeating: .missing, count: SalesColumn.inferred.count)
    private static let microsecondsPerDay: Int64 = 86_400_000_000
    private static let batchRows = 8192
    private static let csvFlushBytes = 1 << 20

    /// `expectedRows` sizes the set of seen ids once, instead of growing it by rehashing.
    init(kinds: ColumnKinds, csv: FileOutput?, parquet: ParquetFileWriter?, expectedRows: Int) {
        self.kinds = kinds
        seenIntegerIDs.reserveCapacity(expectedRows)
        self.csv = csv
        self.parquet = parquet
        batch = SalesParquetBatch(kinds: kinds, capacity: parquet == nil ? 0 : Self.batchRows)
        if csv != nil {
            csvBuffer.reserveCapacity(Self.csvFlushBytes + 64 * 1024)
            csvBuffer.append(contentsOf: SalesColumn.names.joined(separator: ",").utf8)
            csvBuffer.append(0x0A)
        }
    }

    /// Writes what is still buffered; call once, after the last record.
    mutating func finish() throws {
        if let csv {
            try csv.write(csvBuffer)
            try csv.close()
        }
        csvBuffer.removeAll()
        if let parquet { try batch.write(to: parquet) }
    }

    mutating func handle(_ record: CSVRawRecord) throws {
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
            let dateField = UnsafeRawBufferPointer(
                rebasing: bytes[record.range(ofField: SalesColumn.orderDate.rawValue)])
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
            if let parquet { try addParquetRow(bytes, days: days, to: parquet) }
        }
    }

    private func checkHeader(_ record: CSVRawRecord) throws {
        let names = (0..<record.fieldCount).map {
            String(decoding: record.bytes[record.range(ofField: $0)], as: UTF8.self)
        }
        guard names == SalesColumn.names else { throw ETLError.wrongHeader(found: names.joined(separator: ",")) }
    }

    /// Types the inferred columns into `cells`; a value its column's assumed kind cannot hold
    /// ends the pass (`KindsWidened`), as pandas would have typed the whole column wider.
    private mutating func type(_ record: CSVRawRecord, _ bytes: UnsafeRawBufferPointer) throws {
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
    private mutating func isFirstOccurrence(_ bytes: UnsafeRawBufferPointer) -> Bool {
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

    private mutating func writeCSV(_ bytes: UnsafeRawBufferPointer, days: Int32, to csv: FileOutput) throws {
        for column in SalesColumn.inferred {
            switch cells[column.rawValue] {
            case .missing where column == .quantity:
                if kinds[column] == .text {
                    csvBuffer.append(UInt8(ascii: "1"))  // fillna(1) puts an int into an object column
                } else {
                    PandasCSVFormat.append(1.0, to: &csvBuffer)
                }
            case .missing:
                break
            case .integer(let value):
                PandasCSVFormat.append(value, to: &csvBuffer)
            case .number(let value):
                PandasCSVFormat.append(value, to: &csvBuffer)
            case .text(let range):
                PandasCSVFormat.appendText(UnsafeRawBufferPointer(rebasing: bytes[range]), to: &csvBuffer)
            }
            csvBuffer.append(UInt8(ascii: ","))
        }
        PandasCSVFormat.appendDate(daysSinceEpoch: days, to: &csvBuffer)
        csvBuffer.append(0x0A)
        if csvBuffer.count >= Self.csvFlushBytes {
            try csv.write(csvBuffer)
            csvBuffer.removeAll(keepingCapacity: true)
        }
    }

    private mutating func addParquetRow(
        _ bytes: UnsafeRawBufferPointer, days: Int32, to parquet: ParquetFileWriter
    ) throws {
        for column in SalesColumn.inferred {
            switch cells[column.rawValue] {
            case .missing where column == .quantity:
                if kinds[column] == .text {
                    withUnsafeBytes(of: UInt8(ascii: "1")) { batch.append(bytes: $0, column) }
                } else {
                    batch.append(1.0, column)
                }
            case .missing:
                batch.appendNull(column)
            case .integer(let value):
                batch.append(value, column)
            case .number(let value):
                batch.append(value, column)
            case .text(let range):
                batch.append(bytes: UnsafeRawBufferPointer(rebasing: bytes[range]), column)
            }
        }
        batch.append(Int64(days) * Self.microsecondsPerDay, .orderDate)
        batch.endRow()
        // Whole row groups: a batch never crosses the end of one.
        if batch.count >= min(Self.batchRows, parquet.rowsLeftInGroup) { try batch.write(to: parquet) }
    }
}
