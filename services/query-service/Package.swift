// swift-tools-version:6.1
import PackageDescription

// query-service: Reads stored logs with filters and keyset pages, cached in Redis.
let package = Package(
    name: "query-service",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "query-service", targets: ["QueryServiceApp"])
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
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .testTarget(
            name: "QueryServiceCoreTests",
            dependencies: [
                "QueryServiceCore",
                .product(name: "HummingbirdTesting", package: "hummingbird"),
            ]
        ),
        .testTarget(
            name: "QueryServiceIntegrationTests",
            dependencies: [
                "QueryServiceCore",
                .product(name: "TestInfra", package: "platform"),
            ]
        ),
    ]
)
