// swift-tools-version:6.1
import PackageDescription

// user-consumer: Consumes users from RabbitMQ into PostgreSQL and Redis; serves /users, /users/{id} and /users/sse.
let package = Package(
    name: "user-consumer",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "user-consumer", targets: ["UserConsumerApp"])
    ],
    dependencies: [
        .package(path: "../../shared/contracts"),
        .package(path: "../../shared/platform"),
        // traits: [] keeps the compiler flags stable between builds (see docs/building.md).
        .package(url: "https://github.com/hummingbird-project/hummingbird.git", from: "2.28.1", traits: []),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
        .package(url: "https://github.com/vapor/postgres-nio.git", from: "1.33.2"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle.git", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus.git", from: "2.4.1"),
        .package(url: "https://github.com/swift-server/async-http-client.git", from: "1.37.0"),
        .package(url: "https://github.com/apple/swift-http-types.git", from: "1.0.0"),
        // The range PostgresNIO and swift-certificates already accept, so the graph keeps one swift-crypto.
        .package(url: "https://github.com/apple/swift-crypto.git", "3.12.3"..<"6.0.0"),
    ],
    targets: [
        // Only @main: read configuration, build the application, run it.
        .executableTarget(
            name: "UserConsumerApp",
            dependencies: [
                "UserConsumerCore",
                .product(name: "ServiceKit", package: "platform"),
            ],
            path: "Sources/App"
        ),
        .target(
            name: "UserConsumerCore",
            dependencies: [
                .product(name: "Contracts", package: "contracts"),
                .product(name: "ServiceKit", package: "platform"),
                .product(name: "RabbitMQ", package: "platform"),
                .product(name: "Redis", package: "platform"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
            ]
        ),
        .testTarget(
            name: "UserConsumerCoreTests",
            dependencies: [
                "UserConsumerCore",
                .product(name: "Contracts", package: "contracts"),
                .product(name: "TestInfra", package: "platform"),
                .product(name: "ServiceKit", package: "platform"),
                .product(name: "Redis", package: "platform"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
            ]
        ),
        .testTarget(
            name: "UserConsumerIntegrationTests",
            dependencies: [
                "UserConsumerCore",
                .product(name: "TestInfra", package: "platform"),
                .product(name: "RabbitMQTestSupport", package: "platform"),
                .product(name: "RabbitMQ", package: "platform"),
                .product(name: "Redis", package: "platform"),
                .product(name: "Contracts", package: "contracts"),
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
            ]
        ),
    ]
)
