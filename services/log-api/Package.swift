// swift-tools-version:6.1
import PackageDescription

// log-api: Accepts logs (POST /log, /logs) and file uploads (POST /files, stored in S3, tracked in PostgreSQL) and
// queues them on RabbitMQ; pushes file events over WebSocket.
let package = Package(
    name: "log-api",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "log-api", targets: ["LogAPIApp"])
    ],
    dependencies: [
        .package(path: "../../shared/contracts"),
        .package(path: "../../shared/platform"),
        // traits: [] keeps the compiler flags stable between builds (see docs/building.md).
        .package(url: "https://github.com/hummingbird-project/hummingbird.git", from: "2.28.1", traits: []),
        .package(url: "https://github.com/hummingbird-project/hummingbird-websocket.git", from: "2.8.1"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-metrics.git", from: "2.13.0"),
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.2"),
        .package(url: "https://github.com/vapor/postgres-nio.git", from: "1.33.2"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle.git", from: "2.13.0"),
        // The range PostgresNIO and swift-certificates already accept, so the graph keeps one swift-crypto.
        .package(url: "https://github.com/apple/swift-crypto.git", "3.12.3"..<"6.0.0"),
        // The `files` and `logs` tables belong to log-worker; only the integration tests apply its migrations.
        .package(path: "../log-worker"),
    ],
    targets: [
        // Only @main: read configuration, build the application, run it.
        .executableTarget(
            name: "LogAPIApp",
            dependencies: [
                "LogAPICore",
                .product(name: "ServiceKit", package: "platform"),
            ],
            path: "Sources/App"
        ),
        .target(
            name: "LogAPICore",
            dependencies: [
                .product(name: "Contracts", package: "contracts"),
                .product(name: "ServiceKit", package: "platform"),
                .product(name: "RabbitMQ", package: "platform"),
                .product(name: "ObjectStore", package: "platform"),
                .product(name: "Redis", package: "platform"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdCore", package: "hummingbird"),
                .product(name: "HummingbirdWebSocket", package: "hummingbird-websocket"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOWebSocket", package: "swift-nio"),
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ]
        ),
        .testTarget(
            name: "LogAPICoreTests",
            dependencies: [
                "LogAPICore",
                .product(name: "Contracts", package: "contracts"),
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                // pollUntil only: these tests start no server.
                .product(name: "TestInfra", package: "platform"),
                // The in-memory object store computes SHA-256 as the real one does.
                .product(name: "Crypto", package: "swift-crypto"),
            ]
        ),
        .testTarget(
            name: "LogAPIIntegrationTests",
            dependencies: [
                "LogAPICore",
                .product(name: "TestInfra", package: "platform"),
                .product(name: "RabbitMQ", package: "platform"),
                .product(name: "RabbitMQTestSupport", package: "platform"),
                .product(name: "Contracts", package: "contracts"),
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "HummingbirdWSClient", package: "hummingbird-websocket"),
                .product(name: "Redis", package: "platform"),
                .product(name: "LogWorkerCore", package: "log-worker"),
                .product(name: "ObjectStore", package: "platform"),
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Crypto", package: "swift-crypto"),
            ]
        ),
    ]
)
