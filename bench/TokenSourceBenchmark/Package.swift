// swift-tools-version:6.2
import PackageDescription

// A separate package, so that `swift build` of Orangerie never builds the benchmark: bench/token-source runs it.
let package = Package(
    name: "TokenSourceBenchmark",
    platforms: [.macOS(.v15)],
    dependencies: [
        .package(name: "orangerie", path: "../..")
    ],
    targets: [
        .executableTarget(
            name: "TokenSourceBenchmark",
            dependencies: [.product(name: "OAuthClient", package: "orangerie")],
            swiftSettings: [.treatAllWarnings(as: .error), .enableUpcomingFeature("ExistentialAny")]
        )
    ]
)
