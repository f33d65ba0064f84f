// swift-tools-version: 6.1
import PackageDescription

let package = Package(
    name: "contracts",
    products: [
        .library(name: "Contracts", targets: ["Contracts"])
    ],
    targets: [
        .target(name: "Contracts"),
        .testTarget(
            name: "ContractsTests",
            dependencies: ["Contracts"],
            resources: [.copy("Golden")]
        ),
    ],
    swiftLanguageModes: [.v6]
)
