/// The footer of a Parquet file (`FileMetaData` of parquet.thrift): the schema, every row group
/// with its column chunks, and the column orders that let readers trust string statistics.
struct FileMetadata {
    var schema: ParquetSchema
    var rowCount: Int64
    var rowGroups: [RowGroupMetadata]
    var keyValues: [(key: String, value: String)]
    var createdBy: String

    func encoded() -> [UInt8] {
        var writer = CompactProtocolWriter()
        writer.writeStructValue { file in
            file.writeI32(1, 2)  // format version 2: logical types, RLE_DICTIONARY
            file.writeList(2, of: .struct, count: schema.columns.count + 1) { list in
                list.writeStructValue { root in
                    root.writeString(4, "schema")
                    root.writeI32(5, Int32(schema.columns.count))
                }
                for column in schema.columns {
                    list.writeStructValue { column.encodeSchemaElement(into: &$0) }
                }
            }
            file.writeI64(3, rowCount)
            file.writeList(4, of: .struct, count: rowGroups.count) { list in
                for rowGroup in rowGroups {
                    list.writeStructValue { rowGroup.encode(into: &$0) }
                }
            }
            if !keyValues.isEmpty {
                file.writeList(5, of: .struct, count: keyValues.count) { list in
                    for (key, value) in keyValues {
                        list.writeStructValue { pair in
                            pair.writeString(1, key)
                            pair.writeString(2, value)
                        }
                    }
                }
            }
            file.writeString(6, createdBy)
            // TYPE_ORDER for every column: min/max compare as the type says (strings as unsigned
            // bytes). Without column orders readers ignore the statistics of string columns.
            file.writeList(7, of: .struct, count: schema.columns.count) { list in
                for _ in schema.columns {
                    list.writeStructValue { order in order.writeStruct(1) { _ in } }
                }
            }
        }
        return writer.bytes
    }
}

/// One row group of the footer.
struct RowGroupMetadata {
    var columns: [ColumnChunkMetadata]
    var rowCount: Int64
    /// Where the row group's first page starts.
    var fileOffset: Int64

    func encode(into writer: inout CompactProtocolWriter) {
        writer.writeList(1, of: .struct, count: columns.count) { list in
            for column in columns {
                list.writeStructValue { column.encodeColumnChunk(into: &$0) }
            }
        }
        writer.writeI64(2, columns.reduce(0) { $0 + $1.uncompressedSize })
        writer.writeI64(3, rowCount)
        writer.writeI64(5, fileOffset)
        writer.writeI64(6, columns.reduce(0) { $0 + $1.compressedSize })
    }
}

/// One column chunk of a row group: where its pages are and what they hold.
struct ColumnChunkMetadata {
    var physicalType: PhysicalType
    var encodings: [Encoding]
    var name: String
    var compression: ParquetCompression
    /// Values including nulls: the row group's row count, in a flat schema.
    var valueCount: Int64
    /// Sizes of all the chunk's pages, headers included.
    var uncompressedSize: Int64
    var compressedSize: Int64
    var dataPageOffset: Int64
    var dictionaryPageOffset: Int64?
    var statistics: ColumnStatistics

    func encodeColumnChunk(into writer: inout CompactProtocolWriter) {
        writer.writeI64(2, dictionaryPageOffset ?? dataPageOffset)  // file_offset
        writer.writeStruct(3) { meta in
            meta.writeI32(1, physicalType.rawValue)
            meta.writeList(2, of: .i32, count: encodings.count) { list in
                for encoding in encodings { list.writeI32Value(encoding.rawValue) }
            }
            meta.writeList(3, of: .binary, count: 1) { list in list.writeBinaryValue(Array(name.utf8)) }
            meta.writeI32(4, compression.codecID)
            meta.writeI64(5, valueCount)
            meta.writeI64(6, uncompressedSize)
            meta.writeI64(7, compressedSize)
            meta.writeI64(9, dataPageOffset)
            if let dictionaryPageOffset { meta.writeI64(11, dictionaryPageOffset) }
            meta.writeStruct(12) { statistics.encode(into: &$0) }
        }
    }
}

extension ParquetColumn {
    /// The column's `SchemaElement`: physical type, repetition, name, and the logical type with
    /// the legacy converted type older readers look for where one exists.
    func encodeSchemaElement(into writer: inout CompactProtocolWriter) {
        writer.writeI32(1, type.physicalType.rawValue)
        writer.writeI32(3, isOptional ? 1 : 0)  // OPTIONAL : REQUIRED
        writer.writeString(4, name)
        switch type {
        case .string: writer.writeI32(6, 0)  // UTF8
        case .date: writer.writeI32(6, 6)  // DATE
        case .int64, .double, .timestamp, .null: break  // none (no TIMESTAMP_* when not UTC-adjusted)
        }
        switch type {
        case .int64, .double:
            break
        case .string:
            writer.writeStruct(10) { logical in logical.writeStruct(1) { _ in } }
        case .date:
            writer.writeStruct(10) { logical in logical.writeStruct(6) { _ in } }
        case .null:
            writer.writeStruct(10) { logical in logical.writeStruct(11) { _ in } }
        case .timestamp(let unit):
            writer.writeStruct(10) { logical in
                logical.writeStruct(8) { timestamp in
                    timestamp.writeBool(1, false)  // isAdjustedToUTC
                    timestamp.writeStruct(2) { timeUnit in
                        switch unit {
                        case .milliseconds: timeUnit.writeStruct(1) { _ in }
                        case .microseconds: timeUnit.writeStruct(2) { _ in }
                        case .nanoseconds: timeUnit.writeStruct(3) { _ in }
                        }
                    }
                }
            }
        }
    }
}
