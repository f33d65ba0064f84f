// swift-tools-version:6.1
import PackageDescription

// user-api: Managed users (/users) with a Redis read-through cache and Elasticsearch search; async Kafka batches (/api/user).
let package = Package(
    name: "user-api",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "user-api", targets: ["UserAPIApp"])
    ],
    dependencies: [
        .package(path: "../../shared/contracts"),
        .package(path: "../../shared/platform"),
        // traits: [] keeps the compiler flags stable between builds (see docs/building.md).
        .package(url: "https://github.com/hummingbird-project/hummingbird.git", from: "2.28.1", traits: []),
        .package(url: "https://github.com/vapor/postgres-nio.git", from: "1.33.2"),
        .package(url: "https://github.com/swift-server/async-http-client.git", from: "1.37.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus.git", from: "2.4.1"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle.git", from: "2.13.0"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.2"),
    ],
    targets: [
        // Only @main: read configuration, build the application, run it.
        .executableTarget(
            name: "UserAPIApp",
            dependencies: [
                "UserAPICore",
                .product(name: "ServiceKit", package: "platform"),
            ],
            path: "Sources/App"
        ),
        .target(
            name: "UserAPICore",
            dependencies: [
                .product(name: "Contracts", package: "contracts"),
                .product(name: "ServiceKit", package: "platform"),
                .product(name: "Kafka", package: "platform"),
                .product(name: "Redis", package: "platform"),
                .product(name: "Search", package: "platform"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
            ]
        ),
        .testTarget(
            name: "UserAPICoreTests",
            dependencies: [
                "UserAPICore",
                .product(name: "Contracts", package: "contracts"),
                .product(name: "ServiceKit", package: "platform"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "TestInfra", package: "platform"),
            ]
        ),
        .testTarget(
            name: "UserAPIIntegrationTests",
            dependencies: [
                "UserAPICore",
                .product(name: "Contracts", package: "contracts"),
                .product(name: "Kafka", package: "platform"),
                .product(name: "Redis", package: "platform"),
                .product(name: "Search", package: "platform"),
                .product(name: "ServiceKit", package: "platform"),
                .product(name: "TestInfra", package: "platform"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
            ]
        ),
    ]
)
