// swift-tools-version:6.1
import PackageDescription

// Uploaded files end to end (issue 11): the helper run.sh drives for the notification benchmark: many
// WebSocket subscribers of log-api's /notifications/events, file events published on Redis as log-worker
// publishes them, and the delay from each publish to each receipt. Run through run.sh.
let package = Package(
    name: "file-upload-bench",
    platforms: [.macOS(.v15)],
    dependencies: [
        .package(path: "../../shared/contracts"),
        .package(path: "../../shared/platform"),
        .package(url: "https://github.com/hummingbird-project/swift-websocket.git", from: "1.6.2"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
    ],
    targets: [
        .executableTarget(
            name: "file-upload-bench",
            dependencies: [
                .product(name: "Contracts", package: "contracts"),
                .product(name: "Redis", package: "platform"),
                .product(name: "ServiceKit", package: "platform"),
                .product(name: "WSClient", package: "swift-websocket"),
                .product(name: "Logging", package: "swift-log"),
            ]
        )
    ]
)
