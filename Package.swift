// swift-tools-version:6.2
import PackageDescription

/// Swift 6 language mode (strict concurrency) and warnings as errors in every target of ours (SwiftPM does not
/// apply them when Orangerie is someone else's dependency); see ARCHITECTURE.md for what may import what.
let swiftSettings: [SwiftSetting] = [
    .treatAllWarnings(as: .error),
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("MemberImportVisibility"),
]

/// `scripts/fuzz` builds with ORANGERIE_FUZZING=1: the modules holding the parsers it fuzzes are then optimised (so
/// that the standard library's generics are specialised into them, where libFuzzer sees their branches) and
/// instrumented, and OrangerieFuzz links libFuzzer. Dependencies keep their flags, so that a fuzz build reuses what
/// a normal debug build made (CI: only Orangerie's own modules are compiled again).
let fuzzing = Context.environment["ORANGERIE_FUZZING"] == "1"
let fuzzed: [SwiftSetting] = fuzzing ? [.unsafeFlags(["-O", "-sanitize=fuzzer"])] : []

let package = Package(
    name: "orangerie",
    platforms: [.macOS(.v15)],
    products: [
        .library(name: "OAuthCore", targets: ["OAuthCore"]),
        .library(name: "OAuthClient", targets: ["OAuthClient"]),
        .executable(name: "orangerie", targets: ["orangerie"]),
    ],
    dependencies: [
        .package(url: "https://github.com/hummingbird-project/hummingbird.git", from: "2.28.1"),
        .package(url: "https://github.com/hummingbird-project/hummingbird-auth.git", from: "2.5.0"),
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-crypto.git", from: "4.5.2"),
        .package(url: "https://github.com/apple/swift-http-types.git", from: "1.8.0"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-metrics.git", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus.git", from: "2.4.1"),
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-nio-extras.git", from: "1.35.2"),
        .package(url: "https://github.com/apple/swift-nio-ssl.git", from: "2.37.6"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle.git", from: "2.13.0"),
        .package(url: "https://github.com/groue/GRDB.swift.git", from: "7.10.0"),
        .package(url: "https://github.com/swift-server/async-http-client.git", from: "1.37.0"),
        .package(url: "https://github.com/vapor/jwt-kit.git", from: "5.8.0"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache.git", from: "2.1.1"),
        .package(url: "https://github.com/vapor/postgres-nio.git", from: "1.33.2"),
        .package(url: "https://github.com/jpsim/Yams.git", from: "6.2.2"),
        .package(url: "https://github.com/JohnSundell/Ink.git", from: "0.6.0"),
        // Traces (issue 14, item 2): OTLP over HTTP only, so that gRPC and its dependencies are not built.
        .package(url: "https://github.com/apple/swift-distributed-tracing.git", from: "1.7.3"),
        .package(url: "https://github.com/swift-otel/swift-otel.git", from: "1.6.0", traits: ["OTLPHTTP"]),
    ],
    targets: [
        // Wire types shared by the platform and the SDK: no networking, no storage.
        .target(
            name: "OAuthCore",
            dependencies: [.product(name: "Crypto", package: "swift-crypto")],
            swiftSettings: swiftSettings + fuzzed
        ),
        // The public SDK: transports, token sources, the authorized client, token stores. Never the server side.
        .target(
            name: "OAuthClient",
            dependencies: [
                "OAuthCore",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Crypto", package: "swift-crypto"),
                // ID token signatures against the provider's JWKS (IDTokenVerifier).
                .product(name: "JWTKit", package: "jwt-kit"),
                .product(name: "Logging", package: "swift-log"),
                // The types AsyncHTTPClient's API is made of (headers, buffers, TLS settings).
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOFoundationCompat", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
            ],
            swiftSettings: swiftSettings + fuzzed
        ),
        // What a driver implements: the records and the narrow store protocols, with the rules every driver meets.
        // No HTTP, no driver, no service.
        .target(
            name: "PlatformStore",
            dependencies: [
                "OAuthCore",
                // DatabaseMetrics: the drivers' call latency and errors (issue 14, item 1).
                .product(name: "Metrics", package: "swift-metrics"),
                // ChildSpan: the drivers' and features' child spans (issue 14, item 2); the API alone.
                .product(name: "Tracing", package: "swift-distributed-tracing"),
            ],
            swiftSettings: swiftSettings
        ),
        // What features share on top of the store: the bearer-token verifier, the caches the change feed keeps,
        // limiters and throttles, credentials and provisioning, background services. No HTTP, no driver.
        .target(
            name: "PlatformServices",
            dependencies: [
                // An API's OpenAPI document compiled for the gateway when its policy needs it (issue 18).
                "InterfaceContract",
                "OAuthCore",
                "PlatformStore",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "CryptoExtras", package: "swift-crypto"),
                .product(name: "HummingbirdBcrypt", package: "hummingbird-auth"),
                // DPoP proofs (RFC 9449) parsed as the JWS they are (issue 16, item 4).
                .product(name: "JWTKit", package: "jwt-kit"),
                .product(name: "Logging", package: "swift-log"),
                // PlatformMetrics: what features measure, through a factory given in init (issue 14, item 1).
                .product(name: "Metrics", package: "swift-metrics"),
                // A backend's client certificate and key checked when an operator gives them (issue 18, item 3).
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Tracing", package: "swift-distributed-tracing"),
                // OpenAPI documents given as YAML (issue 12, item 3: Validation.openAPIDocument).
                .product(name: "Yams", package: "Yams"),
            ],
            swiftSettings: swiftSettings
        ),
        // An API's OpenAPI document compiled into the table the gateway checks every call against (issue 18): no I/O.
        .target(
            name: "InterfaceContract",
            dependencies: ["OAuthCore", .product(name: "Yams", package: "Yams")],
            swiftSettings: swiftSettings + fuzzed
        ),
        // The embedded SQLite driver.
        .target(
            name: "PlatformStoreSQLite",
            dependencies: [
                "OAuthCore",
                "PlatformStore",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "Tracing", package: "swift-distributed-tracing"),
            ],
            swiftSettings: swiftSettings
        ),
        // The PostgreSQL driver, for several instances sharing one database (issue 11).
        .target(
            name: "PlatformStorePostgres",
            dependencies: [
                "OAuthCore",
                "PlatformStore",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "Tracing", package: "swift-distributed-tracing"),
            ],
            swiftSettings: swiftSettings
        ),
        // What the features that serve pages share: the one layout and its security headers, forms.
        .target(
            name: "PlatformPages",
            dependencies: [
                "OAuthCore",
                "PlatformServices",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "Mustache", package: "swift-mustache"),
                .product(name: "NIOCore", package: "swift-nio"),
            ],
            swiftSettings: swiftSettings
        ),
        // Token endpoint and grant handlers.
        .target(
            name: "AuthorizationServer",
            dependencies: [
                "OAuthCore",
                "PlatformPages",
                "PlatformServices",
                "PlatformStore",
                // Back-channel logout (issue 16, item 1): logout tokens posted in the background, stopped at shutdown.
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "CryptoExtras", package: "swift-crypto"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "JWTKit", package: "jwt-kit"),
                .product(name: "Logging", package: "swift-log"),
                // Sign-ins by realm and result (issue 14, item 1).
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Mustache", package: "swift-mustache"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOFoundationCompat", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Tracing", package: "swift-distributed-tracing"),
            ],
            swiftSettings: swiftSettings + fuzzed
        ),
        // The API gateway: bearer checks, subscriptions, limits, and the proxy to upstreams.
        .target(
            name: "APIGateway",
            dependencies: [
                "InterfaceContract",
                // The SDK serving the platform: a backend's own access token, cached single-flight (issue 18, item 3).
                "OAuthClient",
                "OAuthCore",
                "PlatformServices",
                "PlatformStore",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "Logging", package: "swift-log"),
                // Upstream latency, errors and calls in flight per API (issue 14, item 1).
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOFoundationCompat", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                // The channel data path sees the client's request as Hummingbird's pipeline decodes it (issue 15, item 1).
                .product(name: "NIOHTTPTypes", package: "swift-nio-extras"),
                .product(name: "NIOPosix", package: "swift-nio"),
                // A backend's client certificate (issue 18, item 3).
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Tracing", package: "swift-distributed-tracing"),
            ],
            swiftSettings: swiftSettings + fuzzed
        ),
        // The developer portal (issue 12): sign-up, MyApps and the Credentials tab.
        .target(
            name: "DeveloperPortal",
            dependencies: [
                "OAuthCore",
                "PlatformPages",
                "PlatformServices",
                "PlatformStore",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Ink", package: "Ink"),
                .product(name: "NIOCore", package: "swift-nio"),
            ],
            swiftSettings: swiftSettings
        ),
        // The composition root: configuration, store choice, one Hummingbird application.
        .target(
            name: "Platform",
            dependencies: [
                "OAuthCore",
                "PlatformServices",
                "PlatformStore",
                "PlatformStorePostgres",
                "PlatformStoreSQLite",
                "AuthorizationServer",
                "APIGateway",
                "DeveloperPortal",
                "PlatformPages",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdCore", package: "hummingbird"),
                .product(name: "HummingbirdTLS", package: "hummingbird"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "Logging", package: "swift-log"),
                // The metrics listener: one Prometheus registry per server, never the global system (issue 14).
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOHTTPTypes", package: "swift-nio-extras"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                // SIGTERM and SIGINT start a graceful shutdown (PlatformServer).
                .product(name: "UnixSignals", package: "swift-service-lifecycle"),
                .product(name: "OTel", package: "swift-otel"),
                .product(name: "Tracing", package: "swift-distributed-tracing"),
            ],
            swiftSettings: swiftSettings
        ),
        .executableTarget(
            name: "orangerie",
            dependencies: [
                "OAuthClient",
                "OAuthCore",
                "Platform",
                "PlatformServices",
                "PlatformStore",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),
        // Fuzzing (README "Fuzzing"): the parsers that see untrusted bytes, one small target each. `scripts/fuzz` builds
        // OrangerieFuzz with ORANGERIE_FUZZING=1 (see `fuzzed`); FuzzTargetsTests replays Fuzz/corpus in `swift test`.
        .target(
            name: "FuzzTargets",
            dependencies: [
                "APIGateway",
                "AuthorizationServer",
                "InterfaceContract",
                "OAuthClient",
                "OAuthCore",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
            ],
            swiftSettings: swiftSettings + fuzzed
        ),
        // libFuzzer's driver declared for Swift: defined only in a -sanitize=fuzzer link.
        .target(name: "CLibFuzzer"),
        .executableTarget(
            name: "OrangerieFuzz",
            dependencies: ["CLibFuzzer", "FuzzTargets"],
            swiftSettings: swiftSettings + (fuzzing ? fuzzed + [.define("FUZZING")] : []),
            linkerSettings: fuzzing ? [.unsafeFlags(["-sanitize=fuzzer"])] : []
        ),
        // What every end-to-end test shares: the real server on 127.0.0.1:0, an HTTP client, log capture.
        .target(
            name: "PlatformTesting",
            dependencies: [
                "OAuthCore",
                "Platform",
                "PlatformServices",
                "PlatformStore",
                // StoreDriver: every store contract test runs against each driver available (TestDatabase.swift).
                "PlatformStorePostgres",
                "PlatformStoreSQLite",
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                // TestUpstream over HTTPS with client certificates (issue 18, item 3).
                .product(name: "HummingbirdCore", package: "hummingbird"),
                .product(name: "HummingbirdTLS", package: "hummingbird"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                // Creates and drops a database per PostgreSQL test.
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "OAuthCoreTests",
            dependencies: ["OAuthCore"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "InterfaceContractTests",
            dependencies: ["InterfaceContract", "OAuthCore"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "FuzzTargetsTests",
            dependencies: ["FuzzTargets"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "OAuthClientTests",
            dependencies: [
                "AuthorizationServer",
                "OAuthClient",
                "OAuthCore",
                "Platform",
                "PlatformServices",
                "PlatformStore",
                "PlatformTesting",
                "orangerie",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "JWTKit", package: "jwt-kit"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "PlatformStoreTests",
            dependencies: [
                "OAuthCore",
                "PlatformServices",
                "PlatformStore",
                "PlatformStorePostgres",
                "PlatformStoreSQLite",
                "PlatformTesting",
                .product(name: "Crypto", package: "swift-crypto"),
                // Migration tests build a database of an older schema version.
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "HummingbirdBcrypt", package: "hummingbird-auth"),
                .product(name: "Logging", package: "swift-log"),
                // A PostgreSQL "server" that accepts connections and never answers.
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "PlatformServicesTests",
            dependencies: [
                "OAuthCore",
                "PlatformServices",
                "PlatformStore",
                "PlatformStoreSQLite",
                "PlatformTesting",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "HummingbirdBcrypt", package: "hummingbird-auth"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "PlatformTests",
            dependencies: [
                "AuthorizationServer",
                "DeveloperPortal",
                "OAuthCore",
                "Platform",
                "PlatformServices",
                "PlatformStore",
                "PlatformTesting",
                "orangerie",
                // A test reads the database directly, to see what no API shows (orphan rows).
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "JWTKit", package: "jwt-kit"),
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
            ],
            swiftSettings: swiftSettings
        ),
    ]
)
