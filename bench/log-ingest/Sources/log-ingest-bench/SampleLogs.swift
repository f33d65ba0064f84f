import Contracts
import Foundation

/// The log objects every mode of the benchmark sends or copies: the same ~250-byte JSON objects,
/// deterministic (record `i` is always the same), varied enough that the indexes see realistic
/// keys (several services and levels, distinct user ids, paths and durations).
enum SampleLogs {
    static let services = ["checkout", "search", "auth", "billing", "inventory", "gateway", "mailer"]
    static let levels = ["info", "info", "info", "info", "debug", "warn", "error"]
    static let regions = ["eu-west-1", "us-east-1", "ap-south-1"]
    static let methods = ["GET", "GET", "POST", "PUT", "DELETE"]

    /// A small deterministic generator (SplitMix64), so that runs are comparable.
    struct Numbers {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
        mutating func below(_ bound: Int) -> Int { Int(next() % UInt64(bound)) }
    }

    /// How many distinct objects there are: object `i` equals object `i % cycle`. wrk's bodies hold
    /// exactly these, and the COPY file and the broker mode repeat them in the same order, so every
    /// mode stores the same records (with their own ids).
    static let cycle = 6_400

    /// Client object number `index`, as a client would POST it.
    static func object(_ index: Int) -> [String: JSONValue] {
        let index = index % cycle
        var numbers = Numbers(state: UInt64(index) &* 7919)
        let service = services[numbers.below(services.count)]
        let level = levels[numbers.below(levels.count)]
        let method = methods[numbers.below(methods.count)]
        let user = 10_000 + numbers.below(90_000)
        let order = numbers.below(1_000_000)
        let status = level == "error" ? 500 + numbers.below(4) : (level == "warn" ? 429 : 200)
        let path = "/api/\(service)/\(order)"
        let milliseconds = 1_790_000_000_000 + Int64(index) * 7
        let timestamp = ContractDateFormat.string(from: Date(timeIntervalSince1970: Double(milliseconds) / 1_000))
        return [
            "level": .string(level),
            "service": .string(service),
            "message": .string("\(method) \(path) answered \(status)"),
            "timestamp": timestamp.map(JSONValue.string) ?? .null,
            "request_id": .string(String(numbers.next(), radix: 16)),
            "user_id": .int(Int64(user)),
            "http": [
                "method": .string(method), "path": .string(path), "status": .int(Int64(status)),
                "duration_ms": .number(Double(numbers.below(250_000)) / 100 + 0.01),
            ],
            "region": .string(regions[numbers.below(regions.count)]),
            "tags": ["web", .string("v\(1 + numbers.below(3))")],
        ]
    }

    /// The record log-api makes of object `index`: a new id, received now.
    static func record(_ index: Int, receivedAt: Date = Date()) throws -> LogRecord {
        try LogRecord(clientObject: object(index), id: UUID(), receivedAt: receivedAt)
    }
}
