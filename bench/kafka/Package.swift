// swift-tools-version:6.1
import PackageDescription

// Throughput benchmark of the platform's Kafka producer (run.sh builds it in release mode and runs
// it against the servers of a servers.env, next to confluent-kafka's Python producer).
let package = Package(
    name: "kafka-bench",
    platforms: [.macOS(.v15)],
    dependencies: [
        .package(path: "../../shared/platform")
    ],
    targets: [
        .executableTarget(
            name: "kafka-bench",
            dependencies: [
                .product(name: "Kafka", package: "platform"),
                .product(name: "ServiceKit", package: "platform"),
            ]
        )
    ]
)
