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
        // traits: [] keeps the compiler flags stable between builds (see shared/notes/swift-build.md).
        .package(url: "https://github.com/hummingbird-project/hummingbird.git", from: "2.28.1", traits: []),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
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
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .testTarget(
            name: "UserConsumerCoreTests",
            dependencies: [
                "UserConsumerCore",
                .product(name: "HummingbirdTesting", package: "hummingbird"),
            ]
        ),
        .testTarget(
            name: "UserConsumerIntegrationTests",
            dependencies: [
                "UserConsumerCore",
                .product(name: "TestInfra", package: "platform"),
            ]
        ),
    ]
)
