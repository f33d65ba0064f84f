import ArgumentParser
import Foundation

/// `csv-producer upload FILE…`: uploads JSON files of log records to log-api (`POST /files`), then follows
/// their processing on the WebSocket `/notifications/events` until each is final.
///
/// On a terminal a progress bar per upload, then one line per file updated in place; otherwise plain lines.
/// Ends with a summary per file (status, records stored and rejected). Exit 0 when every file was processed
/// (`completed` or `completed_with_errors`), 1 when one failed or could not be uploaded, 2 for a usage error.
public struct UploadCommand: AsyncParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "upload", abstract: "Upload JSON log files to log-api and follow their processing.",
        discussion: """
            Each file is a JSON array of log records or NDJSON (.ndjson, .jsonl), streamed from disk. \
            The same bytes under the same name are the same file unless --force.
            """)

    @Argument(help: "The files to upload.")
    var files: [String]

    @Option(help: "log-api's address (default: $LOG_API_URL, else http://127.0.0.1:8083).")
    var api: String?

    @Flag(help: "Upload again even when the same bytes were uploaded under the same name before.")
    var force = false

    @Option(name: .customLong("timeout"), help: "Seconds to wait for the files to be processed.")
    var timeoutSeconds: Int = 3_600

    public init() {}

    public func run() async throws {
        guard !files.isEmpty else { throw ValidationError("name at least one file") }
        guard timeoutSeconds > 0 else { throw ValidationError("--timeout must be at least 1") }
        for file in files {
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: file, isDirectory: &isDirectory), !isDirectory.boolValue,
                FileManager.default.isReadableFile(atPath: file)
            else { throw ValidationError("cannot read \(file)") }
        }
        let base = api ?? ProcessInfo.processInfo.environment["LOG_API_URL"] ?? "http://127.0.0.1:8083"
        guard let apiURL = URL(string: base), apiURL.scheme == "http" || apiURL.scheme == "https", apiURL.host != nil
        else { throw ValidationError("--api: expected an http:// or https:// URL, found \(base)") }

        let display = UploadDisplay()
        let outcomes = try await FileUploadRun(api: apiURL, force: force, display: display)
            .run(files, timeout: .seconds(timeoutSeconds))
        display.summary(outcomes)
        if outcomes.contains(where: \.isFailure) { throw ExitCode(1) }
    }
}
