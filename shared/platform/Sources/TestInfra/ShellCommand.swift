import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// Runs a helper command (deploy/local/servers.sh) to completion on a thread of its own; a
/// non-zero exit throws with the command's output.
///
/// The thread clears its signal mask before spawning: a child inherits its spawner's mask
/// (Foundation's `Process` does not reset it), and the threads of a test process block SIGTERM, so
/// a server started from one of them would ignore `servers.sh stop` until its SIGKILL deadline.
public enum ShellCommand {
    public struct Failed: Error, CustomStringConvertible {
        public let command: [String]
        public let status: Int32
        public let output: String
        public var description: String { "`\(command.joined(separator: " "))` exited with \(status):\n\(output)" }
    }

    @discardableResult
    public static func run(_ command: [String], environment: [String: String] = [:]) async throws -> String {
        try await withCheckedThrowingContinuation { continuation in
            Thread {
                var none = sigset_t()
                sigemptyset(&none)
                pthread_sigmask(SIG_SETMASK, &none, nil)
                continuation.resume(with: Result { try runBlocking(command, environment: environment) })
            }.start()
        }
    }

    /// The same, blocking the calling thread: only for the `atexit` handler, where nothing else runs.
    @discardableResult
    static func runBlocking(_ command: [String], environment: [String: String] = [:]) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = command
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { _, new in new }
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw Failed(command: command, status: process.terminationStatus, output: output)
        }
        return output
    }
}
