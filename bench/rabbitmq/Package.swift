// swift-tools-version:6.1
import PackageDescription

// Throughput of the RabbitMQ client of shared/platform against a real broker: publish with
// confirms and consume with acks, 1 KiB messages. Run through run.sh.
let package = Package(
    name: "rabbitmq-bench",
    platforms: [.macOS(.v15)],
    dependencies: [
        .package(path: "../../shared/platform"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
    ],
    targets: [
        .executableTarget(
            name: "rabbitmq-bench",
            dependencies: [
                .product(name: "RabbitMQ", package: "platform"),
                .product(name: "Logging", package: "swift-log"),
            ]
        )
    ]
)
