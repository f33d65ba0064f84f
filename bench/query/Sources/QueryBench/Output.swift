import Foundation

/// stdout carries `key=value` lines for run.sh; everything for people goes to stderr.
enum Output {
    static func detail(_ line: String) {
        FileHandle.standardError.write(Data("query-bench: \(line)\n".utf8))
    }

    static func result(_ fields: [(String, String)]) {
        print(fields.map { "\($0.0)=\($0.1)" }.joined(separator: "\t"))
    }
}

/// The median and the 99th percentile of a sample, in milliseconds.
struct Percentiles {
    let p50: Double
    let p99: Double

    init(_ durations: [Duration]) {
        let sorted = durations.map { Double($0.components.seconds) * 1000 + Double($0.components.attoseconds) / 1e15 }
            .sorted()
        func at(_ fraction: Double) -> Double {
            guard !sorted.isEmpty else { return .nan }
            return sorted[min(sorted.count - 1, Int((Double(sorted.count) * fraction).rounded(.up)) - 1)]
        }
        p50 = at(0.5)
        p99 = at(0.99)
    }
}

struct BenchError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
