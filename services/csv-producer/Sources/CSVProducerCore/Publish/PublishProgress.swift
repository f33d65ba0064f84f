/// Counts of a publish run, and how they are shown on stderr (``TerminalProgressLine``).
struct PublishProgress {
    var rowsRead = 0
    var published = 0
    var rejected = 0
    let dryRun: Bool
    private var terminal = TerminalProgressLine()
    var isTerminal: Bool { terminal.isTerminal }

    init(dryRun: Bool) {
        self.dryRun = dryRun
    }

    /// Writes rejection messages (one per line), above the progress line on a terminal.
    func report(_ rejections: [RowRejection]) {
        guard !rejections.isEmpty else { return }
        terminal.message(rejections.map(\.message).joined(separator: "\n") + "\n")
    }

    /// Redraws the progress line on a terminal, if 200 ms passed since the last time.
    mutating func update() {
        let counts = self
        terminal.update(counts.line)
    }

    /// Ends the progress line and writes the summary.
    func finish() {
        terminal.finish(line)
    }

    /// `rows read: 10, published: 7, rejected: 3, 5120 rows/s`.
    var line: String {
        let rate = Int((Double(rowsRead) / terminal.elapsedSeconds).rounded())
        let sent = dryRun ? "valid: \(rowsRead - rejected) (dry run, nothing published)" : "published: \(published)"
        return "rows read: \(rowsRead), \(sent), rejected: \(rejected), \(rate) rows/s"
    }

    static func writeStandardError(_ text: String) {
        TerminalProgressLine.writeStandardError(text)
    }
}
