import ArgumentParser
import Foundation
import NIOPosix
import ObjectStore
import Parquet
import ServiceKit

/// `csv-producer etl RAW.csv`: cleans a sales CSV the way the pandas script it replaces did
/// (bench/etl/etl_pandas.py), streaming, into `<name>_clean.csv` and `<name>_clean.parquet`, and
/// uploads them to S3 when `--s3` is given.
///
/// Exit status: 0 when every file was written (and uploaded); 1 when the input is malformed (the
/// line is named), a file cannot be written, or an upload fails; 2 for a usage error.
public struct ETLCommand: AsyncParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "etl", abstract: "Clean a sales CSV into CSV and Parquet, optionally on S3.",
        discussion: """
            Columns: \(SalesColumn.names.joined(separator: ",")) (header required). Rules, as pandas \
            applies them: rows repeating an earlier order_id are dropped (the first stays); an empty \
            quantity becomes 1; rows whose order_date is empty or not an ISO date (YYYY-MM-DD) are \
            dropped. S3 settings come from S3_ENDPOINT, S3_REGION, S3_ACCESS_KEY_ID, \
            S3_SECRET_ACCESS_KEY (or their AWS_ names) and the other S3_ variables of the README.
            """)

    @Argument(help: "The sales CSV file.")
    var file: String

    @Option(help: "Directory for the cleaned files (default: the input's directory).")
    var out: String?

    @Option(help: "Upload the cleaned files under this S3 prefix, s3://bucket/prefix/.")
    var s3: String?

    @Option(help: "Files to write: csv, parquet or both, comma-separated.")
    var format = "csv,parquet"

    @Option(name: .customLong("row-group-rows"), help: "Rows per Parquet row group (memory grows with it).")
    var rowGroupRows = 131_072

    @Option(help: "Parquet page compression: snappy, zstd or none.")
    var compression = "snappy"

    public init() {}

    public func run() async throws {
        let plan = try makePlan()
        let progress = ETLProgress()
        let counts: ETLCounts
        do {
            counts = try await NIOThreadPool.singleton.runIfActive { [plan] in
                var progress = ETLProgress()
                return try plan.cleaner.run { bytesRead, totalBytes, counts in
                    progress.update(bytesRead: bytesRead, totalBytes: totalBytes, counts: counts)
                }
            }
        } catch let error as ETLError {
            progress.fail("csv-producer etl: \(file): \(error)")
            throw ExitCode(1)
        } catch let error as ParquetWriterError {
            progress.fail("csv-producer etl: \(error)")
            throw ExitCode(1)
        }
        progress.summarize(counts, files: plan.outputs)
        guard let destination = plan.destination else { return }
        try await upload(plan.outputs, to: destination, progress: progress)
    }

    /// What the arguments ask for, checked: exit 2 with a message when they make no sense.
    private func makePlan() throws -> Plan {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: file, isDirectory: &isDirectory), !isDirectory.boolValue else {
            throw Self.usageError("no such file: \(file)")
        }
        let formats = Set(format.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces).lowercased() })
        guard !formats.isEmpty, formats.isSubset(of: ["csv", "parquet"]) else {
            throw Self.usageError("--format takes csv, parquet or csv,parquet, not \(format)")
        }
        guard rowGroupRows >= 1 else { throw Self.usageError("--row-group-rows must be at least 1") }
        let codec: ParquetCompression
        switch compression.lowercased() {
        case "snappy": codec = .snappy
        case "zstd": codec = .zstd(level: 1)
        case "none": codec = .uncompressed
        default: throw Self.usageError("--compression takes snappy, zstd or none, not \(compression)")
        }
        var destination: S3Destination?
        if let s3 {
            guard let parsed = S3Destination(s3) else {
                throw Self.usageError("--s3 takes s3://bucket/prefix/, not \(s3)")
            }
            destination = parsed
        }
        let input = URL(fileURLWithPath: file)
        let directory = out.map { URL(fileURLWithPath: $0, isDirectory: true) } ?? input.deletingLastPathComponent()
        guard FileManager.default.fileExists(atPath: directory.path, isDirectory: &isDirectory), isDirectory.boolValue
        else { throw Self.usageError("no such directory: \(directory.path)") }
        let stem = input.deletingPathExtension().lastPathComponent + "_clean"
        let csvPath = formats.contains("csv") ? directory.appendingPathComponent(stem + ".csv").path : nil
        let parquetPath = formats.contains("parquet") ? directory.appendingPathComponent(stem + ".parquet").path : nil
        let cleaner = SalesCleaner(
            inputPath: file, csvPath: csvPath, parquetPath: parquetPath,
            parquetOptions: ParquetWriterOptions(
                rowGroupRows: rowGroupRows, compression: codec, createdBy: "tributary csv-producer etl"))
        return Plan(cleaner: cleaner, outputs: [csvPath, parquetPath].compactMap { $0 }, destination: destination)
    }

    private struct Plan: Sendable {
        var cleaner: SalesCleaner
        var outputs: [String]
        var destination: S3Destination?
    }

    private func upload(_ paths: [String], to destination: S3Destination, progress: ETLProgress) async throws {
        let configuration: ObjectStoreConfiguration
        do {
            configuration = try ObjectStoreConfiguration(
                environment: EnvironmentReader(), defaultBucket: destination.bucket)
        } catch {
            throw Self.usageError(error.description)
        }
        let client = ObjectStoreClient(configuration: configuration)
        for path in paths {
            let name = URL(fileURLWithPath: path).lastPathComponent
            let key = destination.key(for: name)
            do {
                let result = try await client.uploadFile(
                    atPath: path, bucket: destination.bucket, key: key,
                    contentType: name.hasSuffix(".csv") ? "text/csv" : "application/vnd.apache.parquet")
                progress.uploaded(path: path, to: "s3://\(destination.bucket)/\(key)", result: result)
            } catch {
                progress.fail(
                    "csv-producer etl: upload of \(path) to s3://\(destination.bucket)/\(key) failed: \(error)")
                throw ExitCode(1)
            }
        }
    }

    private static func usageError(_ message: String) -> ExitCode {
        TerminalProgressLine.writeStandardError("csv-producer etl: \(message)\n")
        return ExitCode(2)
    }
}
