import AsyncHTTPClient
import Foundation

/// A service executable run as a real process, as `make up` and the containers run it: for tests
/// of start-up, readiness and graceful shutdown on SIGTERM.
public final class ServiceProcess: Sendable {
    public let name: String
    public let port: Int
    private let process: Process
    private let logFile: URL

    /// Starts the package's executable `name` (``BuiltProducts``) with `environment` plus
    /// HTTP_HOST=127.0.0.1 and HTTP_PORT set to `port`, by default a free one.
    public init(executable name: String, environment: [String: String], port: Int? = nil) throws {
        let executable = URL(fileURLWithPath: BuiltProducts.path(name))
        guard FileManager.default.isExecutableFile(atPath: executable.path) else {
            throw ServiceProcessError("\(executable.path) is not built: run `swift build --product \(name)` first")
        }
        self.name = name
        self.port = try port ?? FreePort.next()
        self.logFile = FileManager.default.temporaryDirectory.appendingPathComponent("\(name)-\(UUID().uuidString).log")
        _ = FileManager.default.createFile(atPath: logFile.path, contents: nil)
        let log = try FileHandle(forWritingTo: logFile)
        process = Process()
        process.executableURL = executable
        process.environment = environment.merging(["HTTP_HOST": "127.0.0.1", "HTTP_PORT": "\(self.port)"]) { _, new in
            new
        }
        process.standardOutput = log
        process.standardError = log
        try process.run()
    }

    public var baseURL: String { "http://127.0.0.1:\(port)" }

    /// Everything the process wrote so far.
    public var output: String { (try? String(contentsOf: logFile, encoding: .utf8)) ?? "" }

    /// Polls `path` until it answers 200, the process exits, or `deadline` passes.
    public func waitUntilAnswering(_ path: String = "/health/ready", deadline: Duration = .seconds(30)) async throws {
        let clock = ContinuousClock()
        let giveUpAt = clock.now.advanced(by: deadline)
        var lastStatus = "no answer"
        while clock.now < giveUpAt {
            guard process.isRunning else {
                throw ServiceProcessError(
                    "\(name) exited with \(process.terminationStatus) before answering:\n\(output)")
            }
            do {
                let response = try await HTTPClient.shared.execute(
                    HTTPClientRequest(url: baseURL + path), timeout: .seconds(2))
                if response.status == .ok { return }
                lastStatus = "HTTP \(response.status.code)"
            } catch {
                lastStatus = "\(error)"
            }
            try await Task.sleep(for: .milliseconds(100))
        }
        throw ServiceProcessError(
            "\(name) did not answer \(path) with 200 within \(deadline) (last: \(lastStatus)):\n\(output)")
    }

    /// Sends `signal` and waits for the process to exit; returns its exit status.
    public func stop(signal: Int32 = SIGTERM, deadline: Duration = .seconds(20)) async throws -> Int32 {
        if process.isRunning { kill(process.processIdentifier, signal) }
        let clock = ContinuousClock()
        let giveUpAt = clock.now.advanced(by: deadline)
        while process.isRunning {
            guard clock.now < giveUpAt else {
                kill(process.processIdentifier, SIGKILL)
                throw ServiceProcessError("\(name) did not exit within \(deadline) of signal \(signal):\n\(output)")
            }
            try await Task.sleep(for: .milliseconds(50))
        }
        return process.terminationStatus
    }

    /// Waits for a process that is expected to exit on its own (a configuration error).
    public func waitForExit(deadline: Duration = .seconds(20)) async throws -> Int32 {
        let clock = ContinuousClock()
        let giveUpAt = clock.now.advanced(by: deadline)
        while process.isRunning {
            guard clock.now < giveUpAt else { return try await stop(signal: SIGKILL) }
            try await Task.sleep(for: .milliseconds(50))
        }
        return process.terminationStatus
    }

    deinit {
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
        try? FileManager.default.removeItem(at: logFile)
    }
}

public struct ServiceProcessError: Error, CustomStringConvertible {
    public let description: String
    init(_ description: String) { self.description = description }
}
