import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// The progress line of a long command on stderr: on a terminal one line redrawn in place (at
/// most every 200 ms) with messages written above it; elsewhere (a pipe, a log) nothing until
/// the final line, so logs get a summary, not thousands of redraws.
struct TerminalProgressLine {
    let isTerminal = isatty(STDERR_FILENO) != 0
    private let clock = ContinuousClock()
    private let started: ContinuousClock.Instant
    private var lastDrawn: ContinuousClock.Instant?

    init() {
        started = clock.now
    }

    /// Seconds since the line was created.
    var elapsedSeconds: Double {
        let elapsed = clock.now - started
        return max(Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18, 1e-6)
    }

    /// Redraws the line on a terminal, if 200 ms passed since the last time.
    mutating func update(_ line: @autoclosure () -> String) {
        guard isTerminal else { return }
        let now = clock.now
        if let lastDrawn, now - lastDrawn < .milliseconds(200) { return }
        lastDrawn = now
        Self.writeStandardError("\r\u{1B}[K" + line())
    }

    /// Writes `text` (whole lines) above the progress line.
    func message(_ text: String) {
        Self.writeStandardError((isTerminal ? "\r\u{1B}[K" : "") + text)
    }

    /// Ends the progress line with `line`, on a terminal and elsewhere.
    func finish(_ line: String) {
        message(line + "\n")
    }

    static func writeStandardError(_ text: String) {
        FileHandle.standardError.write(Data(text.utf8))
    }
}
