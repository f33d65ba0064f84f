import Foundation
import ObjectStore

/// What `etl` shows: a progress bar on a terminal (stderr) while it reads, then one line per rule
/// with the rows it touched and the files written (stdout), so a pipe or a log gets the summary.
struct ETLProgress {
    private var terminal = TerminalProgressLine()

    mutating func update(bytesRead: Int, totalBytes: Int, counts: ETLCounts) {
        let terminal = self.terminal
        self.terminal.update(Self.bar(bytesRead: bytesRead, totalBytes: totalBytes, counts: counts, terminal: terminal))
    }

    /// `[#########...........]  45%  450000 rows  312000 rows/s`.
    private static func bar(
        bytesRead: Int, totalBytes: Int, counts: ETLCounts, terminal: TerminalProgressLine
    )
        -> String
    {
        let fraction = totalBytes > 0 ? min(Double(bytesRead) / Double(totalBytes), 1) : 1
        let filled = Int(fraction * 30)
        let rate = Int(Double(counts.rowsRead) / terminal.elapsedSeconds)
        return "[" + String(repeating: "#", count: filled) + String(repeating: ".", count: 30 - filled) + "] "
            + "\(Int(fraction * 100))%  \(counts.rowsRead) rows  \(rate) rows/s"
    }

    func summarize(_ counts: ETLCounts, files: [String]) {
        if terminal.isTerminal { terminal.message("") }
        var lines = [
            "rows read: \(counts.rowsRead)",
            "duplicate order_id dropped: \(counts.duplicatesDropped)",
            "empty quantity set to 1: \(counts.quantitiesFilled)",
            "empty order_date dropped: \(counts.missingDatesDropped)",
            "invalid order_date dropped: \(counts.invalidDatesDropped)",
            "rows written: \(counts.rowsWritten)",
            String(format: "seconds: %.3f", terminal.elapsedSeconds),
        ]
        if counts.passes > 1 { lines.append("passes: \(counts.passes) (a column's type widened on the way)") }
        lines += files.map { "wrote \($0)" }
        print(lines.joined(separator: "\n"))
    }

    func uploaded(path: String, to url: String, result: UploadResult) {
        print("uploaded \(path) to \(url) (\(result.size) bytes, \(result.partCount) part(s), sha256 \(result.sha256))")
    }

    func fail(_ message: String) {
        terminal.message(message + "\n")
    }
}
