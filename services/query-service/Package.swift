// swift-tools-version:6.1
import PackageDescription

// query-service: Reads stored logs with filters and keyset pages, cached in Redis.
let package = Package(
    name: "query-service",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "query-service", targets: ["QueryServiceApp"]),
        // bench/query builds the service's own SQL to EXPLAIN ANALYZE it.
        .library(name: "QueryServiceCore", targets: ["QueryServiceCore"]),
    ],
    dependencies: [
        .package(path: "../../shared/contracts"),
        .package(path: "../../shared/platform"),
        // The `logs` table belongs to log-worker; only the integration tests apply its migrations.
        .package(path: "../log-worker"),
        // traits: [] keeps the compiler flags stable between builds (see docs/building.md).
        .package(url: "https://github.com/hummingbird-project/hummingbird.git", from: "2.28.1", traits: []),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-metrics.git", from: "2.13.0"),
        // The end-to-end test posts to the log-api process.
        .package(url: "https://github.com/swift-server/async-http-client.git", from: "1.37.0"),
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-http-types.git", from: "1.8.0"),
        .package(url: "https://github.com/vapor/postgres-nio.git", from: "1.33.2"),
        // The range PostgresNIO and swift-certificates already accept, so the graph keeps one swift-crypto.
        .package(url: "https://github.com/apple/swift-crypto.git", "3.12.3"..<"6.0.0"),
    ],
    targets: [
        // Only @main: read configuration, build the application, run it.
        .executableTarget(
            name: "QueryServiceApp",
            dependencies: [
                "QueryServiceCore",
                .product(name: "ServiceKit", package: "platform"),
            ],
            path: "Sources/App"
        ),
        .target(
            name: "QueryServiceCore",
            dependencies: [
                .product(name: "Contracts", package: "contracts"),
                .product(name: "ServiceKit", package: "platform"),
                .product(name: "Redis", package: "platform"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "Crypto", package: "swift-crypto"),
            ]
        ),
        .testTarget(
            name: "QueryServiceCoreTests",
            dependencies: [
                "QueryServiceCore",
                .product(name: "Contracts", package: "contracts"),
                .product(name: "TestInfra", package: "platform"),
                .product(name: "ServiceKit", package: "platform"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
            ]
        ),
        .testTarget(
            name: "QueryServiceIntegrationTests",
            dependencies: [
                "QueryServiceCore",
                .product(name: "LogWorkerCore", package: "log-worker"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "TestInfra", package: "platform"),
                .product(name: "ServiceKit", package: "platform"),
                .product(name: "Redis", package: "platform"),
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "HummingbirdTesting", package: "hummingbird"),
            ]
        ),
    ]
)
