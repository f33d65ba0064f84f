import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// Counts of a publish run, and how they are shown on stderr: on a terminal one line updated in
/// place (at most every 200 ms); otherwise nothing until the summary at the end.
struct PublishProgress {
    var rowsRead = 0
    var published = 0
    var rejected = 0
    let dryRun: Bool
    let isTerminal = isatty(STDERR_FILENO) != 0
    private let clock = ContinuousClock()
    private let started: ContinuousClock.Instant
    private var lastDrawn: ContinuousClock.Instant?

    init(dryRun: Bool) {
        self.dryRun = dryRun
        started = clock.now
    }

    /// Writes rejection messages (one per line), above the progress line on a terminal.
    func report(_ rejections: [RowRejection]) {
        guard !rejections.isEmpty else { return }
        let text = rejections.map(\.message).joined(separator: "\n") + "\n"
        Self.writeStandardError((isTerminal ? "\r\u{1B}[K" : "") + text)
    }

    /// Redraws the progress line on a terminal, if 200 ms passed since the last time.
    mutating func update() {
        guard isTerminal else { return }
        let now = clock.now
        if let lastDrawn, now - lastDrawn < .milliseconds(200) { return }
        lastDrawn = now
        Self.writeStandardError("\r\u{1B}[K" + line)
    }

    /// Ends the progress line and writes the summary.
    func finish() {
        Self.writeStandardError((isTerminal ? "\r\u{1B}[K" : "") + line + "\n")
    }

    /// `rows read: 10, published: 7, rejected: 3, 5120 rows/s`.
    var line: String {
        let elapsed = clock.now - started
        let seconds = max(Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18, 1e-6)
        let rate = Int((Double(rowsRead) / seconds).rounded())
        let sent = dryRun ? "valid: \(rowsRead - rejected) (dry run, nothing published)" : "published: \(published)"
        return "rows read: \(rowsRead), \(sent), rejected: \(rejected), \(rate) rows/s"
    }

    static func writeStandardError(_ text: String) {
        FileHandle.standardError.write(Data(text.utf8))
    }
}
