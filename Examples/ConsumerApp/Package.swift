// swift-tools-version:6.2
import PackageDescription

// An application as README.md tells one to depend on the SDK: the `OAuthClient` product alone, nothing else of
// the package. CI builds it (.ci/run), so that a module the SDK imports without declaring it fails there and not
// in someone's application.
let package = Package(
    name: "ConsumerApp",
    platforms: [.macOS(.v15)],
    dependencies: [
        .package(name: "orangerie", path: "../..")
    ],
    targets: [
        .executableTarget(
            name: "ConsumerApp",
            dependencies: [.product(name: "OAuthClient", package: "orangerie")],
            swiftSettings: [.treatAllWarnings(as: .error), .enableUpcomingFeature("ExistentialAny")]
        ),
        // The API page's Swift code sample (issue 17, item 2) as `CodeSamples` generates it for placeholder inputs:
        // PlatformTests' CodeSampleTests holds this file equal to it, and this build proves that it compiles.
        .executableTarget(
            name: "Call",
            dependencies: [.product(name: "OAuthClient", package: "orangerie")],
            swiftSettings: [.treatAllWarnings(as: .error), .enableUpcomingFeature("ExistentialAny")]
        ),
    ]
)
