import ServiceKit

/// What `GET /logs/stats` asks for: a bounded time range cut into buckets of one minute or hour.
///
/// Guarantees: the range is never empty and never longer than ``Bucket/maximumSpan`` (1,440
/// buckets at most), so every stats query reads a bounded slice of the `ts` index. Defaults: `to`
/// is the end of the current bucket (so the result includes the latest logs and stays the same,
/// hence cacheable, until that bucket ends), `from` is ``Bucket/defaultSpan`` before `to`.
/// Buckets are aligned to UTC minutes or hours; if `from` or `to` is not aligned, the first or last
/// bucket counts only the part inside the range.
public struct LogStatsQuery: Sendable, Hashable {
    public enum Bucket: String, Sendable, CaseIterable {
        case minute
        case hour

        public var microseconds: Int64 {
            switch self {
            case .minute: return 60_000_000
            case .hour: return 3_600_000_000
            }
        }

        /// The interval PostgreSQL bins by.
        var interval: String {
            switch self {
            case .minute: return "1 minute"
            case .hour: return "1 hour"
            }
        }

        /// The range when `from` is not given: the last hour by minute, the last day by hour.
        public var defaultSpan: Int64 {
            switch self {
            case .minute: return 60 * microseconds
            case .hour: return 24 * microseconds
            }
        }

        /// The longest range: 24 hours by minute, 60 days by hour (1,440 buckets either way).
        public var maximumSpan: Int64 { 1440 * microseconds }

        var maximumSpanText: String {
            switch self {
            case .minute: return "24 hours"
            case .hour: return "60 days"
            }
        }
    }

    static let parameterNames: Set<String> = ["from", "to", "bucket"]

    public var from: LogTime
    public var to: LogTime
    public var bucket: Bucket

    public init(from: LogTime, to: LogTime, bucket: Bucket) {
        self.from = from
        self.to = to
        self.bucket = bucket
    }

    /// Parses the query string of `GET /logs/stats`, filling in the defaults relative to `now`.
    public init(_ pairs: [(name: String, value: String)], now: LogTime) throws(QueryParameterError) {
        let parameters = try QueryParameters(pairs, allowed: Self.parameterNames)
        let bucket = try parameters.choice("bucket", as: Bucket.self) ?? .minute
        let to = try parameters.time("to") ?? Self.endOfBucket(containing: now, bucket: bucket)
        let from = try parameters.time("from") ?? to.adding(microseconds: -bucket.defaultSpan)
        guard from < to else {
            throw QueryParameterError(parameter: "to", reason: "must be later than from (\(from) ≥ \(to))")
        }
        guard to.microsecondsSince1970 - from.microsecondsSince1970 <= bucket.maximumSpan else {
            throw QueryParameterError(
                parameter: "from",
                reason:
                    "the range \(from) to \(to) is longer than \(bucket.maximumSpanText), the most for bucket=\(bucket.rawValue)"
            )
        }
        self.init(from: from, to: to, bucket: bucket)
    }

    /// The end of the UTC-aligned bucket that holds `time`.
    static func endOfBucket(containing time: LogTime, bucket: Bucket) -> LogTime {
        let size = bucket.microseconds
        let micros = time.microsecondsSince1970
        let start = micros >= 0 ? micros / size * size : (micros - size + 1) / size * size
        return LogTime(microsecondsSince1970: start + size)
    }
}
