import Crypto
import Foundation

/// The Redis key of one cached answer: `tributary:logs:query:<generation>:<SHA-256 of the
/// normalized query, hex>`.
///
/// Guarantees: the normalized query is built from the parsed values, not the request's text, so
/// the same query written differently (parameters in another order, `from` with another offset for
/// the same instant, `match` with other spacing or key order, an empty parameter or a default
/// limit spelled out) has the same key, and two queries with different answers never do.
public struct QueryCacheKey: Sendable, Hashable {
    public static let prefix = "tributary:logs:query:"

    /// The normalized query: canonical JSON naming the endpoint and every parsed value.
    public let normalized: String
    /// SHA-256 of ``normalized``, 64 hex digits.
    public let digest: String

    init(normalized: String) {
        self.normalized = normalized
        self.digest = SHA256.hash(data: Data(normalized.utf8)).map { byte in
            let hex = String(byte, radix: 16)
            return byte < 16 ? "0" + hex : hex
        }.joined()
    }

    /// The key under `generation` (the value of `CacheKeys.logsGeneration`, "0" while unset).
    public func redisKey(generation: String) -> String {
        Self.prefix + generation + ":" + digest
    }

    /// The fields a `/logs` answer depends on. A new field or format must change `version`.
    private struct LogsForm: Encodable {
        let endpoint = "logs"
        let version = 1
        let level: String?
        let service: String?
        let from: Int64?
        let to: Int64?
        let contains: String?
        let match: String?
        /// Absent (not `null`) when unset, so the keys of queries without it did not change.
        let fileID: String?
        let limit: Int
        let cursor: String?

        enum CodingKeys: String, CodingKey {
            case endpoint, version, level, service, from, to, contains, match, limit, cursor
            case fileID = "file_id"
        }
    }

    private struct StatsForm: Encodable {
        let endpoint = "stats"
        let version = 1
        let from: Int64
        let to: Int64
        let bucket: String
    }

    public init(_ query: LogQuery) {
        self.init(
            encoding: LogsForm(
                level: query.level, service: query.service, from: query.from?.microsecondsSince1970,
                to: query.to?.microsecondsSince1970, contains: query.contains, match: query.match,
                fileID: query.fileID?.uuidString.lowercased(), limit: query.limit, cursor: query.cursor?.token))
    }

    public init(_ query: LogStatsQuery) {
        self.init(
            encoding: StatsForm(
                from: query.from.microsecondsSince1970, to: query.to.microsecondsSince1970,
                bucket: query.bucket.rawValue))
    }

    private init(encoding form: some Encodable) {
        // Encoding strings, integers and optionals of them cannot fail.
        let json = try! CanonicalJSON.encoder.encode(form)
        self.init(normalized: String(decoding: json, as: UTF8.self))
    }
}
