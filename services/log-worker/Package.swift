// swift-tools-version:6.1
import PackageDescription

// log-worker: Stores queued logs in PostgreSQL in batches (flow 2), processes uploaded files (flow 4), and bumps
// the query-cache generation in Redis.
let package = Package(
    name: "log-worker",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "log-worker", targets: ["LogWorkerApp"]),
        // query-service's integration tests apply the `logs` schema this package owns.
        .library(name: "LogWorkerCore", targets: ["LogWorkerCore"]),
    ],
    dependencies: [
        .package(path: "../../shared/contracts"),
        .package(path: "../../shared/platform"),
        // traits: [] keeps the compiler flags stable between builds (see docs/building.md).
        .package(url: "https://github.com/hummingbird-project/hummingbird.git", from: "2.28.1", traits: []),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
        .package(url: "https://github.com/vapor/postgres-nio.git", from: "1.33.2"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle.git", from: "2.13.0"),
        .package(url: "https://github.com/apple/swift-metrics.git", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/async-http-client.git", from: "1.37.0"),
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.2"),
        // The range PostgresNIO and swift-certificates already accept, so the graph keeps one swift-crypto.
        .package(url: "https://github.com/apple/swift-crypto.git", "3.12.3"..<"6.0.0"),
    ],
    targets: [
        // Only @main: read configuration, build the application, run it.
        .executableTarget(
            name: "LogWorkerApp",
            dependencies: [
                "LogWorkerCore",
                .product(name: "ServiceKit", package: "platform"),
            ],
            path: "Sources/App"
        ),
        .target(
            name: "LogWorkerCore",
            dependencies: [
                .product(name: "Contracts", package: "contracts"),
                .product(name: "ServiceKit", package: "platform"),
                .product(name: "RabbitMQ", package: "platform"),
                .product(name: "Redis", package: "platform"),
                .product(name: "ObjectStore", package: "platform"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "NIOCore", package: "swift-nio"),
                // SHA-256 of the uploaded files' bytes.
                .product(name: "Crypto", package: "swift-crypto"),
            ]
        ),
        .testTarget(
            name: "LogWorkerCoreTests",
            dependencies: [
                "LogWorkerCore",
                .product(name: "Contracts", package: "contracts"),
                .product(name: "TestInfra", package: "platform"),
                .product(name: "RabbitMQ", package: "platform"),
                .product(name: "Redis", package: "platform"),
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "NIOCore", package: "swift-nio"),
            ]
        ),
        .testTarget(
            name: "LogWorkerIntegrationTests",
            dependencies: [
                "LogWorkerCore",
                .product(name: "TestInfra", package: "platform"),
                .product(name: "RabbitMQTestSupport", package: "platform"),
                .product(name: "RabbitMQ", package: "platform"),
                .product(name: "Redis", package: "platform"),
                .product(name: "Contracts", package: "contracts"),
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "ObjectStore", package: "platform"),
            ]
        ),
    ]
)
