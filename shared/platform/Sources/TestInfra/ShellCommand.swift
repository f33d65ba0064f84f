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

    /// Runs `command` with exactly `environment` (nothing inherited) and returns its exit status
    /// and everything it printed: for tests of command-line tools, whose failures are the point.
    public static func capture(
        _ command: [String], environment: [String: String]
    ) async throws -> (status: Int32, output: String) {
        try await withCheckedThrowingContinuation { continuation in
            Thread {
                var none = sigset_t()
                sigemptyset(&none)
                pthread_sigmask(SIG_SETMASK, &none, nil)
                continuation.resume(with: Result { try execute(command, environment: environment) })
            }.start()
        }
    }

    /// `run`, blocking the calling thread: only for the `atexit` handler, where nothing else runs.
    @discardableResult
    static func runBlocking(_ command: [String], environment: [String: String] = [:]) throws -> String {
        let merged = ProcessInfo.processInfo.environment.merging(environment) { _, new in new }
        let (status, output) = try execute(command, environment: merged)
        guard status == 0 else { throw Failed(command: command, status: status, output: output) }
        return output
    }

    private static func execute(_ command: [String], environment: [String: String]) throws -> (Int32, String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = command
        process.environment = environment
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        return (process.terminationStatus, output)
    }
}
