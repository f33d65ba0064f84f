import Foundation

/// Runs a helper command to completion; a non-zero exit throws with the command's output.
enum ShellCommand {
    struct Failed: Error, CustomStringConvertible {
        let command: [String]
        let status: Int32
        let output: String
        var description: String { "`\(command.joined(separator: " "))` exited with \(status):\n\(output)" }
    }

    @discardableResult
    static func run(_ command: [String], environment: [String: String] = [:]) throws -> String {
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
