import Foundation
import ObjectStore
import ServiceKit
import TestInfra
import Testing

/// `csv-producer etl --s3` against the run's S3 (moto, signatures checked): the files arrive
/// byte for byte, and a wrong secret is a clear failure.
@Suite("csv-producer etl uploads to S3", .timeLimit(.minutes(5)))
struct ETLCommandIntegrationTests {
    static let csv =
        "order_id,customer_id,product,quantity,price,order_date\n"
        + "1,10,\"a, b\",2,1.5,2024-01-01\n1,10,dup,2,1.5,2024-01-01\n2,11,c,,2.25,2024-01-02\n3,12,d,1,3,bad\n"

    @Test func bothFilesArriveUnderThePrefixAsWritten() async throws {
        let servers = try await TestServers.shared()
        let client = try client(servers.environment)
        let bucket = TestNames.unique("etl", separator: "-")
        try await client.createBucket(bucket)
        try await withTemporaryDirectory { directory in
            let raw = directory.appendingPathComponent("sales.csv").path
            try Self.csv.write(toFile: raw, atomically: true, encoding: .utf8)
            let result = try await ShellCommand.capture(
                [BuiltProducts.path("csv-producer"), "etl", raw, "--s3", "s3://\(bucket)/daily/2024"],
                environment: servers.environment)
            #expect(result.status == 0, "\(result.output)")
            #expect(result.output.contains("duplicate order_id dropped: 1"), "\(result.output)")
            #expect(result.output.contains("empty quantity set to 1: 1"), "\(result.output)")
            #expect(result.output.contains("invalid order_date dropped: 1"), "\(result.output)")
            #expect(result.output.contains("rows written: 2"), "\(result.output)")
            for name in ["sales_clean.csv", "sales_clean.parquet"] {
                let local = try [UInt8](Data(contentsOf: directory.appendingPathComponent(name)))
                let stored = try await download(client, bucket, "daily/2024/\(name)")
                #expect(stored == local, "\(name)")
                #expect(result.output.contains("to s3://\(bucket)/daily/2024/\(name)"), "\(result.output)")
            }
            let cleaned = try String(contentsOf: directory.appendingPathComponent("sales_clean.csv"), encoding: .utf8)
            #expect(
                cleaned
                    == "order_id,customer_id,product,quantity,price,order_date\n1,10,\"a, b\",2.0,1.5,2024-01-01\n2,11,c,1.0,2.25,2024-01-02\n"
            )
        }
    }

    @Test func aCleanedFileAbovePartSizeGoesUpInParts() async throws {
        let servers = try await TestServers.shared()
        let client = try client(servers.environment)
        let bucket = TestNames.unique("etl", separator: "-")
        try await client.createBucket(bucket)
        try await withTemporaryDirectory { directory in
            let raw = directory.appendingPathComponent("sales.csv").path
            let generator = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
                .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
                .appendingPathComponent("bench/etl/generate_sales.py").path
            try await ShellCommand.run(["python3", generator, "150000", raw])
            var environment = servers.environment
            environment["S3_PART_SIZE_MIB"] = "5"  // the cleaned CSV is about 6 MiB: two parts
            let result = try await ShellCommand.capture(
                [BuiltProducts.path("csv-producer"), "etl", raw, "--s3", "s3://\(bucket)/big/"],
                environment: environment)
            #expect(result.status == 0, "\(result.output)")
            #expect(
                result.output.contains("sales_clean.csv (") && result.output.contains(", 2 part(s)"), "\(result.output)"
            )
            let local = try [UInt8](Data(contentsOf: directory.appendingPathComponent("sales_clean.csv")))
            #expect(local.count > 5 << 20)
            #expect(try await download(client, bucket, "big/sales_clean.csv") == local)
        }
    }

    @Test func aWrongSecretIsAClearErrorAndANonZeroExit() async throws {
        let servers = try await TestServers.shared()
        let bucket = TestNames.unique("etl", separator: "-")
        try await client(servers.environment).createBucket(bucket)
        try await withTemporaryDirectory { directory in
            let raw = directory.appendingPathComponent("sales.csv").path
            try Self.csv.write(toFile: raw, atomically: true, encoding: .utf8)
            var environment = servers.environment
            environment["S3_SECRET_ACCESS_KEY"] = "not-the-secret"
            let result = try await ShellCommand.capture(
                [BuiltProducts.path("csv-producer"), "etl", raw, "--s3", "s3://\(bucket)/x/"], environment: environment)
            #expect(result.status == 1, "\(result.output)")
            #expect(result.output.contains("upload of"), "\(result.output)")
            #expect(result.output.contains("SignatureDoesNotMatch"), "\(result.output)")
            let listing = try await client(servers.environment).listObjects(bucket: bucket)
            #expect(listing.objects.isEmpty)
        }
    }

    @Test func aMissingBucketIsNamed() async throws {
        let servers = try await TestServers.shared()
        try await withTemporaryDirectory { directory in
            let raw = directory.appendingPathComponent("sales.csv").path
            try Self.csv.write(toFile: raw, atomically: true, encoding: .utf8)
            let bucket = TestNames.unique("absent", separator: "-")
            let result = try await ShellCommand.capture(
                [BuiltProducts.path("csv-producer"), "etl", raw, "--s3", "s3://\(bucket)/"],
                environment: servers.environment)
            #expect(result.status == 1, "\(result.output)")
            #expect(result.output.contains("NoSuchBucket"), "\(result.output)")
        }
    }

    private func client(_ environment: [String: String]) throws -> ObjectStoreClient {
        ObjectStoreClient(
            configuration: try ObjectStoreConfiguration(
                environment: EnvironmentReader(environment), defaultBucket: "tributary"))
    }

    private func download(_ client: ObjectStoreClient, _ bucket: String, _ key: String) async throws -> [UInt8] {
        let object = try await client.getObject(bucket: bucket, key: key)
        var bytes: [UInt8] = []
        for try await chunk in object.body { bytes += chunk.readableBytesView }
        return bytes
    }

    private func withTemporaryDirectory(_ body: (URL) async throws -> Void) async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("etl-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        try await body(directory)
    }
}
