import Logging
import NIOCore

/// A cache of derived data in Redis whose entries carry the version of what they copy, so that
/// writers racing each other cannot leave an older copy behind.
///
/// Each key holds `<version>:<payload>`. One script, ``setIfNewer``, serves every write: a fill
/// (after a read of the source of truth), a writer (after its commit) and a deletion (an empty
/// payload: "absent at this version", a tombstone). It stores the entry only when the key is
/// missing or holds a lower version, atomically in Redis. So:
/// - a fill that read the source before a newer commit cannot replace that commit's entry;
/// - a deletion's tombstone stops a late fill or a late writer of an older version;
/// - a "not found" marker at version 0 (a brief negative cache) is replaced by any real write.
///
/// Versions must only grow for a key (a database sequence gives that) and stay below 2^53: the
/// script compares them as Lua numbers.
///
/// Derived data only: a Redis error never reaches the caller. ``read(_:)`` answers ``Read/unknown``
/// and writes are skipped; each failure goes to `failed` (to log and count) with the operation.
public struct RedisVersionedCache: Sendable {
    public enum Operation: String, Sendable {
        case read, write
    }

    /// What a key holds.
    public enum Read: Sendable, Equatable {
        /// The payload, as of `version`.
        case present(version: Int64, payload: ByteBuffer)
        /// Known to be absent as of `version` (a tombstone, or 0 for a "not found" marker).
        case absent(version: Int64)
        /// Nothing cached (or Redis did not answer, or the value is not one this type wrote).
        case unknown
    }

    let redis: any RedisCommandSending
    let failed: @Sendable (Operation, any Error) -> Void

    public init(redis: any RedisCommandSending, failed: @escaping @Sendable (Operation, any Error) -> Void) {
        self.redis = redis
        self.failed = failed
    }

    public func read(_ key: String) async -> Read {
        let value: ByteBuffer?
        do {
            value = try await redis.get(key)
        } catch {
            failed(.read, error)
            return .unknown
        }
        guard let value else { return .unknown }
        return Self.decode(value)
    }

    /// Stores `payload` (nil: absent) as of `version` unless the key holds that version or a newer
    /// one; expires after `ttlSeconds`. True when it was stored, false when a newer entry stayed,
    /// nil when Redis failed.
    @discardableResult
    public func write(_ key: String, version: Int64, payload: [UInt8]?, ttlSeconds: Int) async -> Bool? {
        do {
            let reply = try await redis.send(
                Self.command(key, version: version, payload: payload, ttlSeconds: ttlSeconds))
            return reply.integer == 1
        } catch {
            failed(.write, error)
            return nil
        }
    }

    /// The ``setIfNewer`` call that ``write(_:version:payload:ttlSeconds:)`` sends, for a caller that
    /// pipelines several.
    public static func command(_ key: String, version: Int64, payload: [UInt8]?, ttlSeconds: Int) -> RedisCommand {
        var value = Array(String(version).utf8)
        value.append(UInt8(ascii: ":"))
        if let payload { value += payload }
        return RedisCommand("EVAL", [setIfNewer, 1, key, String(version), value, ttlSeconds])
    }

    /// Reads `<version>:<payload>`; anything else is ``Read/unknown``.
    static func decode(_ value: ByteBuffer) -> Read {
        let bytes = value.readableBytesView
        guard let colon = bytes.firstIndex(of: UInt8(ascii: ":")), colon > bytes.startIndex,
            colon - bytes.startIndex <= 19
        else { return .unknown }
        var version: Int64 = 0
        for byte in bytes[..<colon] {
            guard (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) else { return .unknown }
            version = version * 10 + Int64(byte - UInt8(ascii: "0"))
        }
        let payloadStart = value.readerIndex + (colon - bytes.startIndex) + 1
        guard let payload = value.getSlice(at: payloadStart, length: value.writerIndex - payloadStart),
            payload.readableBytes > 0
        else { return .absent(version: version) }
        return .present(version: version, payload: payload)
    }

    /// KEYS[1] the key; ARGV: the new version, the whole new value (`<version>:<payload>`), the TTL.
    /// Returns 1 when it wrote, 0 when the key holds the same version or a newer one.
    static let setIfNewer = """
        local current = redis.call('GET', KEYS[1])
        if current then
            local stored = tonumber(string.match(current, '^(%d+):'))
            if stored and stored >= tonumber(ARGV[1]) then return 0 end
        end
        redis.call('SET', KEYS[1], ARGV[2], 'EX', ARGV[3])
        return 1
        """
}
