import ServiceKit

/// The benchmark's settings, from `--name value` arguments (defaults are the documented run).
struct BenchOptions {
    var brokers: [HostPort] = []
    var messages = 300_000
    var messageSize = 1024
    var partitions = 1
    /// Sends awaiting their delivery report at any moment (one task each).
    var inFlight = 20_000
    var lingerMilliseconds = 10
    var batchSizeBytes = 1_000_000
    var maxQueuedMessages = 500_000

    init(arguments: [String]) throws {
        var remaining = arguments[...]
        while let name = remaining.popFirst() {
            guard let value = remaining.popFirst() else { throw BenchError("\(name) needs a value") }
            switch name {
            case "--brokers":
                brokers = try value.split(separator: ",").map {
                    guard let broker = HostPort(String($0)) else { throw BenchError("bad broker \($0)") }
                    return broker
                }
            case "--messages": messages = try Self.int(name, value)
            case "--message-size": messageSize = try Self.int(name, value)
            case "--partitions": partitions = try Self.int(name, value)
            case "--in-flight": inFlight = try Self.int(name, value)
            case "--linger-ms": lingerMilliseconds = try Self.int(name, value)
            case "--batch-size": batchSizeBytes = try Self.int(name, value)
            case "--max-queued": maxQueuedMessages = try Self.int(name, value)
            default: throw BenchError("unknown option \(name)")
            }
        }
        guard !brokers.isEmpty else { throw BenchError("--brokers HOST:PORT is required") }
        guard brokers.allSatisfy({ $0.host == "127.0.0.1" || $0.host == "::1" || $0.host == "localhost" }) else {
            throw BenchError("benchmarks only talk to the loopback interface")
        }
    }

    private static func int(_ name: String, _ value: String) throws -> Int {
        guard let number = Int(value), number > 0 else { throw BenchError("\(name) must be a positive integer") }
        return number
    }
}

struct BenchError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
