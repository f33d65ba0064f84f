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
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
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
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .testTarget(
            name: "UserAPICoreTests",
            dependencies: [
                "UserAPICore",
                .product(name: "ServiceKit", package: "platform"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdTesting", package: "hummingbird"),
            ]
        ),
        .testTarget(
            name: "UserAPIIntegrationTests",
            dependencies: [
                "UserAPICore",
                .product(name: "TestInfra", package: "platform"),
            ]
        ),
    ]
)
