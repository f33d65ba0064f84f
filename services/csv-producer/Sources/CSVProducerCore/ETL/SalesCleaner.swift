import Parquet

#if canImport(Glibc)
import Glibc
#endif

/// The ETL without its command line: reads the sales CSV at `inputPath` in 1 MiB chunks and
/// writes the cleaned CSV and/or Parquet file, as pandas would (see ``SalesPass``).
///
/// pandas infers a column's type from all of its values before any rule runs; a stream cannot, so
/// a pass assumes the narrowest types and, when a value needs a wider one, starts over with it.
/// Each of the five inferred columns widens at most twice (int64 → float64 → text), and the values
/// that widen a column usually come early, so a restart costs little.
///
/// Blocking: file I/O and CPU for the whole run; call it from a thread of its own, never from the
/// Swift concurrency pool.
struct SalesCleaner: Sendable {
    var inputPath: String
    var csvPath: String?
    var parquetPath: String?
    var parquetOptions = ParquetWriterOptions()
    /// A sales row takes about 40 bytes; a guess a little low of that leaves room for every id.
    private static let bytesPerRowGuess = 36

    /// `progress` is called now and then with the bytes read of the input's size and the counts.
    func run(progress: (_ bytesRead: Int, _ totalBytes: Int, _ counts: ETLCounts) -> Void) throws -> ETLCounts {
        var kinds = ColumnKinds()
        var passes = 1
        while true {
            do {
                var counts = try pass(kinds, progress: progress)
                counts.passes = passes
                return counts
            } catch let widened as KindsWidened {
                precondition(widened.kinds != kinds && passes <= SalesColumn.inferred.count * 2, "kinds only widen")
                kinds = widened.kinds
                passes += 1
            }
        }
    }

    private func pass(
        _ kinds: ColumnKinds, progress: (Int, Int, ETLCounts) -> Void
    ) throws -> ETLCounts {
        let descriptor = open(inputPath, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { throw ETLError.io(path: inputPath, message: String(cString: strerror(errno))) }
        defer { close(descriptor) }
        var status = stat()
        let totalBytes = fstat(descriptor, &status) == 0 ? Int(status.st_size) : 0

        let csv = try csvPath.map { path throws(ParquetWriterError) in try FileOutput(path: path) }
        // The schema of the first pass is provisional: the footer's is decided at the end.
        var parquet = try parquetPath.map { path throws in
            try ParquetFileWriter(
                path: path, schema: kinds.parquetSchema(rowsRead: 1, anyValidDate: true), options: parquetOptions)
        }
        var rows = SalesPass(kinds: kinds, csv: csv, parquet: parquet, expectedRows: totalBytes / Self.bytesPerRowGuess)
        var scanner = CSVScanner()
        var chunk = [UInt8](repeating: 0, count: 1 << 20)
        var bytesRead = 0
        var nextReport = 0
        while true {
            let count = chunk.withUnsafeMutableBytes { read(descriptor, $0.baseAddress!, $0.count) }
            if count < 0 {
                if errno == EINTR { continue }
                throw ETLError.io(path: inputPath, message: String(cString: strerror(errno)))
            }
            if count == 0 { break }
            bytesRead += count
            try chunk.withUnsafeBytes {
                try scanner.feed(UnsafeRawBufferPointer(rebasing: $0[..<count])) { try rows.handle($0) }
            }
            if bytesRead >= nextReport {
                progress(bytesRead, totalBytes, rows.counts)
                nextReport = bytesRead + (4 << 20)
            }
        }
        try scanner.finish { try rows.handle($0) }
        if !rows.sawHeader {
            throw ETLError.wrongHeader(found: "an empty file")
        }
        try rows.finish()
        if let writer = parquet {
            try writer.close()
            let final = kinds.parquetSchema(rowsRead: rows.counts.rowsRead, anyValidDate: rows.counts.rowsWritten > 0)
            if final != writer.schema {
                // Only a file without rows gets other types than the provisional ones, and with no
                // row group written its footer is all there is: write it again.
                parquet = try ParquetFileWriter(path: writer.path, schema: final, options: parquetOptions)
                try parquet?.close()
            }
        }
        progress(bytesRead, totalBytes, rows.counts)
        return rows.counts
    }
}
