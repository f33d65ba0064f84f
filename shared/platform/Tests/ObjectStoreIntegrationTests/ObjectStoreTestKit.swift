import Crypto
import Foundation
import NIOCore
import ObjectStore
import ServiceKit
import TestInfra

/// A client for the run's S3 (moto, signatures checked) and a fresh bucket of the test's own.
func withBucket(
    _ body: (ObjectStoreClient, String) async throws -> Void
) async throws {
    let client = try await testClient()
    let bucket = TestNames.unique("objects", separator: "-")
    try await client.createBucket(bucket)
    try await body(client, bucket)
}

/// A client with the credentials of `servers.env`, changed by `adjust` (a wrong secret, say).
func testClient(_ adjust: (inout ObjectStoreConfiguration) -> Void = { _ in }) async throws -> ObjectStoreClient {
    let servers = try await TestServers.shared()
    var configuration = try ObjectStoreConfiguration(
        environment: EnvironmentReader(servers.environment), defaultBucket: "tributary")
    adjust(&configuration)
    return ObjectStoreClient(configuration: configuration)
}

/// `count` bytes of a pattern that repeats only every 251 bytes, so a part out of place shows.
/// Built by doubling (memcpy), not byte by byte: a debug build loops slowly, and a test that
/// hogs the few threads of the concurrency pool delays every other test running beside it.
func patternBytes(_ count: Int, seed: Int = 0) -> [UInt8] {
    var bytes = (0..<251).map { UInt8(($0 + seed) % 251) }
    while bytes.count < count { bytes += bytes }
    return Array(bytes.prefix(count))
}

/// `bytes` as a stream of chunks of uneven sizes, as a request body arrives.
func chunked(_ bytes: [UInt8], sizes: [Int] = [65_536, 1000, 131_072, 7]) -> AsyncStream<ByteBuffer> {
    AsyncStream { continuation in
        var offset = 0
        var index = 0
        while offset < bytes.count {
            let size = min(sizes[index % sizes.count], bytes.count - offset)
            continuation.yield(ByteBuffer(bytes: bytes[offset..<offset + size]))
            offset += size
            index += 1
        }
        continuation.finish()
    }
}

func sha256Hex(_ bytes: [UInt8]) -> String {
    hex(SHA256.hash(data: bytes))
}

func hex(_ digest: SHA256.Digest) -> String {
    digest.map { String(format: "%02x", $0) }.joined()
}

/// Every byte of `key`, downloaded.
func download(
    _ client: ObjectStoreClient, _ bucket: String, _ key: String, range: ByteRange? = nil
) async throws -> [UInt8] {
    let object = try await client.getObject(bucket: bucket, key: key, range: range)
    var bytes: [UInt8] = []
    for try await chunk in object.body { bytes += chunk.readableBytesView }
    return bytes
}
