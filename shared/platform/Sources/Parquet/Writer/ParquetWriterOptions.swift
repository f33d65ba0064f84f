/// How a Parquet file is laid out.
public struct ParquetWriterOptions: Sendable, Equatable {
    /// Rows per row group. A row group is held in memory until it is complete, so this bounds the
    /// writer's memory; pyarrow's default is 1,048,576 rows.
    public var rowGroupRows: Int
    public var compression: ParquetCompression
    /// `created_by` of the footer.
    public var createdBy: String
    /// Extra `key_value_metadata` of the footer.
    public var keyValues: [String: String]

    public init(
        rowGroupRows: Int = 131_072,
        compression: ParquetCompression = .snappy,
        createdBy: String = "tributary parquet writer",
        keyValues: [String: String] = [:]
    ) {
        precondition(rowGroupRows > 0, "a row group holds at least one row")
        self.rowGroupRows = rowGroupRows
        self.compression = compression
        self.createdBy = createdBy
        self.keyValues = keyValues
    }
}
