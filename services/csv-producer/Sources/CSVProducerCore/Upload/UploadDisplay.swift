import Foundation
import Synchronization

#if canImport(Glibc)
import Glibc
#endif

/// How `csv-producer upload` shows its work on stderr, and its summary on stdout: on a terminal a bar redrawn
/// in place (at most every 100 ms), elsewhere plain lines (the upload's start and end, each status change).
final class UploadDisplay: Sendable {
    let isTerminal = isatty(STDERR_FILENO) != 0
    private let lastStatus = Mutex<[String: String]>([:])

    /// The progress bar of one upload.
    final class Bar: Sendable {
        let name: String
        let size: Int64
        let isTerminal: Bool
        private struct State {
            var sent: Int64 = 0
            var drawn: ContinuousClock.Instant?
        }
        private let state = Mutex(State())

        init(name: String, size: Int64, isTerminal: Bool) {
            self.name = name
            self.size = size
            self.isTerminal = isTerminal
            if !isTerminal { UploadDisplay.write("uploading \(name) (\(UploadDisplay.bytes(size)))\n") }
        }

        func advance(by count: Int) {
            guard isTerminal else { return }
            let line = state.withLock { state -> String? in
                state.sent += Int64(count)
                let now = ContinuousClock.now
                if let drawn = state.drawn, now - drawn < .milliseconds(100) { return nil }
                state.drawn = now
                return UploadDisplay.bar("upload", name: name, done: state.sent, of: size)
            }
            if let line { UploadDisplay.write("\r\u{1B}[K" + line) }
        }

        func finish() {
            let line = UploadDisplay.bar("upload", name: name, done: size, of: size)
            UploadDisplay.write(isTerminal ? "\r\u{1B}[K" + line + "\n" : "uploaded \(name)\n")
        }
    }

    func uploadBar(name: String, size: Int64) -> Bar { Bar(name: name, size: size, isTerminal: isTerminal) }

    /// A file's processing: a bar on a terminal; a line per status change elsewhere.
    func processing(name: String, _ progress: FileProgress) {
        if isTerminal {
            let line = Self.bar(progress.status, name: name, done: progress.bytesProcessed, of: progress.sizeBytes)
            Self.write("\r\u{1B}[K" + line + (progress.isFinal ? "\n" : ""))
            return
        }
        let changed = lastStatus.withLock { last -> Bool in
            defer { last[name] = progress.status }
            return last[name] != progress.status
        }
        if changed { Self.write("\(name): \(progress.status)\n") }
    }

    func note(_ text: String) {
        Self.write((isTerminal ? "\r\u{1B}[K" : "") + text + "\n")
    }

    /// One line per file on stdout: `app.ndjson: completed, 998 stored, 2 rejected (id …)`.
    func summary(_ outcomes: [FileOutcome]) {
        for outcome in outcomes {
            var line = "\(outcome.name): "
            if let problem = outcome.problem {
                line += "failed, \(problem)"
            } else if let final = outcome.final {
                line += "\(final.status), \(final.recordsStored) stored, \(final.recordsRejected) rejected"
                if let error = final.error { line += ", \(error)" }
            } else {
                line += "not final in time"
            }
            if let id = outcome.id {
                line += " (id \(id.uuidString.lowercased())\(outcome.duplicate ? ", uploaded before" : ""))"
            }
            FileHandle.standardOutput.write(Data((line + "\n").utf8))
        }
    }

    static func bar(_ label: String, name: String, done: Int64, of total: Int64) -> String {
        let fraction = total > 0 ? min(1, Double(done) / Double(total)) : 1
        let width = 30
        let filled = Int((fraction * Double(width)).rounded(.down))
        let bar = String(repeating: "#", count: filled) + String(repeating: "-", count: width - filled)
        return "\(name) \(label) [\(bar)] \(Int(fraction * 100))% \(bytes(done))/\(bytes(total))"
    }

    static func bytes(_ count: Int64) -> String {
        count >= 1 << 20 ? String(format: "%.1f MiB", Double(count) / 1_048_576) : "\(count) B"
    }

    static func write(_ text: String) {
        FileHandle.standardError.write(Data(text.utf8))
    }
}
