/// Writes a Parquet file row by row in bounded memory: values are buffered per column until a row
/// group is full, then written as pages; the footer follows ``close()``.
///
/// For each row, append one value (or a null) to every column, in any column order, then call
/// ``endRow()``. Not thread-safe: one writer, one task.
public final class ParquetFileWriter {
    public let path: String
    public let schema: ParquetSchema
    public let options: ParquetWriterOptions
    private let output: FileOutput
    private let compressor: PageCompressor
    private let columns: [ColumnChunkBuffer]
    /// Per column, what ``check(_:_:)`` compares, without touching the column's name on each value.
    private let physicalTypes: [PhysicalType]
    private let optional: [Bool]
    private var rowsInGroup = 0
    private var rowCount: Int64 = 0
    private var rowGroups: [RowGroupMetadata] = []
    private static let magic = Array("PAR1".utf8)

    /// Creates (or truncates) the file at `path` and writes the leading magic bytes.
    public init(
        path: String, schema: ParquetSchema, options: ParquetWriterOptions = ParquetWriterOptions()
    )
        throws(ParquetWriterError)
    {
        self.path = path
        self.schema = schema
        self.options = options
        output = try FileOutput(path: path)
        compressor = PageCompressor(compression: options.compression)
        columns = schema.columns.map(ColumnChunkBuffer.init(column:))
        physicalTypes = schema.columns.map(\.type.physicalType)
        optional = schema.columns.map(\.isOptional)
        try output.write(Self.magic)
    }

    /// Rows ended so far.
    public var rowsWritten: Int64 { rowCount + Int64(rowsInGroup) }

    public func appendNull(column index: Int) throws(ParquetWriterError) {
        guard optional[index] else {
            throw .wrongValue(column: schema.columns[index].name, reason: "null in a required column")
        }
        columns[index].appendNull()
    }

    /// An INT64 value: `.int64` columns, and `.timestamp` ones as a count of their unit.
    public func append(_ value: Int64, column index: Int) throws(ParquetWriterError) {
        try check(index, .int64)
        columns[index].append(value)
    }

    /// An INT32 value: `.date` columns, as days since 1970-01-01.
    public func append(_ value: Int32, column index: Int) throws(ParquetWriterError) {
        try check(index, .int32)
        columns[index].append(value)
    }

    public func append(_ value: Double, column index: Int) throws(ParquetWriterError) {
        try check(index, .double)
        columns[index].append(value)
    }

    /// A BYTE_ARRAY value (`.string` columns: UTF-8 bytes), copied before this returns.
    public func append(bytes value: UnsafeRawBufferPointer, column index: Int) throws(ParquetWriterError) {
        try check(index, .byteArray)
        columns[index].append(bytes: value)
    }

    public func append(_ value: String, column index: Int) throws(ParquetWriterError) {
        try check(index, .byteArray)
        var text = value
        text.withUTF8 { columns[index].append(bytes: UnsafeRawBufferPointer($0)) }
    }

    // MARK: Batches
    //
    // Whole runs of rows at once, one column at a time: append the same number of rows to every
    // column, then call ``endRows(_:)``. Row groups stay whole only if a batch never crosses one's
    // end: keep batches within ``rowsLeftInGroup``.

    /// Rows that still fit in the row group being filled.
    public var rowsLeftInGroup: Int { options.rowGroupRows - rowsInGroup }

    /// One value per row; rows where `nulls` is true are null (`nulls` empty: no nulls).
    public func append(_ values: [Int64], nulls: [Bool] = [], column index: Int) throws(ParquetWriterError) {
        try check(index, .int64)
        try checkNulls(nulls, values.count, index)
        columns[index].append(values, nulls: nulls)
    }

    public func append(_ values: [Double], nulls: [Bool] = [], column index: Int) throws(ParquetWriterError) {
        try check(index, .double)
        try checkNulls(nulls, values.count, index)
        columns[index].append(values, nulls: nulls)
    }

    /// Byte strings laid end to end in `bytes`, row `i`'s ending at `ends[i]`.
    public func append(bytes: [UInt8], ends: [Int], nulls: [Bool] = [], column index: Int) throws(ParquetWriterError) {
        try check(index, .byteArray)
        try checkNulls(nulls, ends.count, index)
        columns[index].append(bytes: bytes, ends: ends, nulls: nulls)
    }

    /// Ends `count` rows appended as batches; a full row group is written out.
    public func endRows(_ count: Int) throws(ParquetWriterError) {
        rowsInGroup += count
        if rowsInGroup >= options.rowGroupRows { try flushRowGroup() }
    }

    private func checkNulls(_ nulls: [Bool], _ count: Int, _ index: Int) throws(ParquetWriterError) {
        guard nulls.isEmpty || (nulls.count == count && optional[index]) else {
            throw .wrongValue(
                column: schema.columns[index].name,
                reason: optional[index] ? "\(nulls.count) null flags for \(count) values" : "null in a required column")
        }
    }

    /// Ends the row; a full row group is written out.
    public func endRow() throws(ParquetWriterError) {
        rowsInGroup += 1
        if rowsInGroup >= options.rowGroupRows { try flushRowGroup() }
    }

    /// Writes the last row group and the footer, and closes the file. A file of no rows has no
    /// row group, only its schema.
    public func close() throws(ParquetWriterError) {
        do {
            if rowsInGroup > 0 { try flushRowGroup() }
            let footer = FileMetadata(
                schema: schema, rowCount: rowCount, rowGroups: rowGroups,
                keyValues: options.keyValues.sorted { $0.key < $1.key }.map { (key: $0.key, value: $0.value) },
                createdBy: options.createdBy
            ).encoded()
            try output.write(footer)
            var length = UInt32(footer.count).littleEndian
            try output.write(withUnsafeBytes(of: &length) { Array($0) })
            try output.write(Self.magic)
        } catch {
            try? output.close()
            throw error
        }
        try output.close()
    }

    private func flushRowGroup() throws(ParquetWriterError) {
        let start = output.offset
        var chunks: [ColumnChunkMetadata] = []
        chunks.reserveCapacity(columns.count)
        for column in columns {
            chunks.append(try column.flush(to: output, compressor: compressor))
        }
        rowGroups.append(RowGroupMetadata(columns: chunks, rowCount: Int64(rowsInGroup), fileOffset: start))
        rowCount += Int64(rowsInGroup)
        rowsInGroup = 0
    }

    private func check(_ index: Int, _ physicalType: PhysicalType) throws(ParquetWriterError) {
        guard physicalTypes[index] == physicalType else {
            let column = schema.columns[index]
            throw .wrongValue(column: column.name, reason: "a \(physicalType) value in a \(column.type) column")
        }
    }
}
