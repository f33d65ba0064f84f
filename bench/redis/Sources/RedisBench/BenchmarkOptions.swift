import ServiceKit

/// What to measure, from `--name value` pairs on the command line.
struct BenchmarkOptions: Sendable {
    var endpoint = HostPort(host: "127.0.0.1", port: 6379)
    /// GETs to send in the measured run (also bounded by `timeLimit`).
    var requests = 200_000
    /// Tasks sending GETs at once, each waiting for its reply before the next.
    var concurrency = 50
    var poolSize = 50
    /// The key to read; run.sh sets it to a 1 KiB value first.
    var key = "key:__rand_int__"
    var expectedValueSize = 1024
    var timeLimit: Duration = .seconds(60)

    init(arguments: [String]) throws {
        var remaining = arguments.makeIterator()
        while let name = remaining.next() {
            guard let value = remaining.next() else { throw UsageError("missing value after \(name)") }
            switch name {
            case "--host": endpoint = HostPort(host: value, port: endpoint.port)
            case "--port": endpoint = HostPort(host: endpoint.host, port: try Self.int(value, name))
            case "--requests": requests = try Self.int(value, name)
            case "--concurrency": concurrency = try Self.int(value, name)
            case "--pool-size": poolSize = try Self.int(value, name)
            case "--key": key = value
            case "--value-size": expectedValueSize = try Self.int(value, name)
            case "--time-limit": timeLimit = .seconds(try Self.int(value, name))
            default: throw UsageError("unknown option \(name)")
            }
        }
    }

    private static func int(_ text: String, _ name: String) throws -> Int {
        guard let value = Int(text), value > 0 else {
            throw UsageError("\(name) needs a positive integer, got \(text)")
        }
        return value
    }
}

struct UsageError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
