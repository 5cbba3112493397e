// swift-tools-version: 6.2
import PackageDescription

/// Upcoming-feature settings shared by every target.
let swiftSettings: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
]

/// The three service executables, in release builds, link with lld and pack their relative
/// relocations (`-z pack-relative-relocs`, DT_RELR, glibc 2.36+, as in the bookworm image):
/// about 2 MB less resident memory per service, still position-independent (ASLR kept).
/// `--no-export-dynamic` undoes the `-export-dynamic` that `--static-swift-stdlib` adds: every
/// symbol of every linked module in the dynamic symbol table made the loader touch ~3.5 MB
/// of symbol tables at start-up (6 MB of resident memory per service), and nothing loads
/// plug-ins that would link against the executable's symbols.
let serviceLinkerSettings: [LinkerSetting] = [
    .unsafeFlags(
        ["-use-ld=lld", "-Xlinker", "-z", "-Xlinker", "pack-relative-relocs", "-Xlinker", "--no-export-dynamic"],
        .when(configuration: .release)),
]

let package = Package(
    name: "tessera",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "identity-service", targets: ["IdentityServiceMain"]),
        .executable(name: "pacs-service", targets: ["PACSServiceMain"]),
        .executable(name: "edge-gateway", targets: ["EdgeGatewayMain"]),
    ],
    dependencies: [
        .package(url: "https://github.com/hummingbird-project/hummingbird.git", from: "2.28.1"),
        .package(url: "https://github.com/vapor/postgres-nio.git", from: "1.33.2"),
        .package(url: "https://github.com/swift-server/async-http-client.git", from: "1.37.0"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-metrics.git", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus.git", from: "2.4.1"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle.git", from: "2.13.0"),
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-configuration.git", from: "1.4.0"),
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-crypto.git", from: "4.5.2"),
        .package(url: "https://github.com/apple/swift-http-types.git", from: "1.8.0"),
        .package(url: "https://github.com/vapor/jwt-kit.git", from: "5.8.0"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache.git", from: "2.1.1"),
        .package(url: "https://github.com/adam-fowler/compress-nio.git", from: "1.5.0"),
        .package(url: "https://github.com/apple/swift-nio-ssl.git", from: "2.37.6"),
        .package(url: "https://github.com/swift-extras/swift-extras-base64.git", from: "1.2.0"),
    ],
    targets: [
        // MARK: Shared modules
        .target(
            name: "ServiceSupport",
            dependencies: [
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "UnixSignals", package: "swift-service-lifecycle"),
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "Configuration", package: "swift-configuration"),
            ],
            path: "Shared/ServiceSupport",
            swiftSettings: swiftSettings
        ),
        .target(
            name: "PostgresSupport",
            dependencies: [
                "ServiceSupport",
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            path: "Shared/PostgresSupport",
            swiftSettings: swiftSettings
        ),

        // MARK: TokenSupport (JWT/JWKS verification, introspection client; no Hummingbird)
        .target(
            name: "TokenSupport",
            dependencies: [
                .product(name: "JWTKit", package: "jwt-kit"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "NIOFoundationCompat", package: "swift-nio"),
            ],
            path: "Shared/TokenSupport",
            swiftSettings: swiftSettings
        ),
        .target(
            name: "TokenTestSupport",
            dependencies: [
                "TokenSupport", "TestSupport",
                .product(name: "JWTKit", package: "jwt-kit"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "_CryptoExtras", package: "swift-crypto"),
            ],
            path: "Tests/TokenTestSupport",
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "TokenSupportTests",
            dependencies: [
                "TokenSupport", "TestSupport", "TokenTestSupport",
                .product(name: "JWTKit", package: "jwt-kit"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "_CryptoExtras", package: "swift-crypto"),
            ],
            path: "Tests/TokenSupportTests",
            swiftSettings: swiftSettings
        ),
        // MARK: end of TokenSupport

        // MARK: DICOM (owned by the DICOM work: Shared/DICOMCore, Shared/DICOMWeb)
        .systemLibrary(
            name: "CDICOMZlib",
            path: "Shared/DICOMCore/System/CZlib"
        ),
        .systemLibrary(
            name: "CDICOMTurboJPEG",
            path: "Shared/DICOMCore/System/CTurboJPEG"
        ),
        .target(
            name: "DICOMCore",
            dependencies: ["CDICOMZlib", "CDICOMTurboJPEG", .product(name: "NIOCore", package: "swift-nio")],
            path: "Shared/DICOMCore",
            exclude: ["System", "README.md"],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "DICOMWeb",
            dependencies: ["DICOMCore", .product(name: "NIOCore", package: "swift-nio")],
            path: "Shared/DICOMWeb",
            swiftSettings: swiftSettings
        ),
        .executableTarget(
            name: "bench-nio-proxy",
            dependencies: [
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
            ],
            path: "bench/gateway/nio-proxy",
            swiftSettings: swiftSettings
        ),
        .executableTarget(
            name: "dicom-tool",
            dependencies: ["DICOMCore", "DICOMWeb", .product(name: "NIOCore", package: "swift-nio")],
            path: "scripts/dicom-tool",
            swiftSettings: swiftSettings
        ),
        .executableTarget(
            name: "dicom-fuzz",
            dependencies: ["DICOMCore", "DICOMWeb"],
            path: "scripts/dicom-fuzz",
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "DICOMCoreTests",
            dependencies: ["DICOMCore"],
            path: "Tests/DICOMCoreTests",
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "DICOMWebTests",
            dependencies: ["DICOMWeb", "DICOMCore", .product(name: "NIOCore", package: "swift-nio")],
            path: "Tests/DICOMWebTests",
            swiftSettings: swiftSettings
        ),
        // MARK: end of DICOM

        // MARK: identity-service
        // PBKDF2-HMAC-SHA512 for up to four passwords at once (AVX2 lanes). -O3 in every
        // configuration: unoptimised SIMD code is ~30x slower (end-to-end tests log in), and
        // -O3's full unrolling of the 80 rounds makes the scalar path ~15% faster than -O2.
        .target(
            name: "CPBKDF2",
            path: "Services/identity-service/CPBKDF2",
            cSettings: [.unsafeFlags(["-O3"])]
        ),
        .target(
            name: "IdentityService",
            dependencies: [
                "ServiceSupport", "PostgresSupport", "CPBKDF2",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "JWTKit", package: "jwt-kit"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "_CryptoExtras", package: "swift-crypto"),
                .product(name: "Mustache", package: "swift-mustache"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "ExtrasBase64", package: "swift-extras-base64"),
            ],
            path: "Services/identity-service/IdentityService",
            resources: [.copy("Migrations"), .copy("Themes"), .copy("Console/Templates"), .copy("Console/Assets")],
            swiftSettings: swiftSettings
        ),
        .executableTarget(
            name: "IdentityServiceMain",
            dependencies: ["IdentityService", "ServiceSupport", .product(name: "ArgumentParser", package: "swift-argument-parser")],
            path: "Services/identity-service/IdentityServiceMain",
            swiftSettings: swiftSettings,
            linkerSettings: serviceLinkerSettings
        ),
        .testTarget(
            name: "IdentityServiceTests",
            dependencies: [
                "IdentityService", "TestSupport", "ServiceSupport", "PostgresSupport",
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "JWTKit", package: "jwt-kit"),
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            path: "Tests/IdentityServiceTests",
            swiftSettings: swiftSettings
        ),

        // MARK: end of identity-service

        // MARK: pacs-service
        .target(
            name: "PACSService",
            dependencies: [
                "ServiceSupport", "PostgresSupport", "DICOMCore", "DICOMWeb", "TokenSupport", "CDICOMZlib",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Mustache", package: "swift-mustache"),
            ],
            path: "Services/pacs-service/PACSService",
            exclude: ["Admin/README.md"],
            resources: [.copy("Migrations"), .copy("Admin/Templates"), .copy("Admin/Assets")],
            swiftSettings: swiftSettings
        ),
        .executableTarget(
            name: "PACSServiceMain",
            dependencies: ["PACSService", "ServiceSupport", .product(name: "ArgumentParser", package: "swift-argument-parser")],
            path: "Services/pacs-service/PACSServiceMain",
            swiftSettings: swiftSettings,
            linkerSettings: serviceLinkerSettings
        ),
        .testTarget(
            name: "PACSServiceTests",
            dependencies: [
                "PACSService", "TestSupport", "ServiceSupport", "PostgresSupport", "DICOMCore", "DICOMWeb", "TokenSupport", "CDICOMZlib",
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            path: "Tests/PACSServiceTests",
            swiftSettings: swiftSettings
        ),

        // MARK: end of pacs-service

        // MARK: edge-gateway
        .target(
            name: "EdgeGateway",
            dependencies: [
                "ServiceSupport", "TokenSupport",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "NIOFoundationCompat", package: "swift-nio"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "HummingbirdCore", package: "hummingbird"),
                .product(name: "HummingbirdHTTP2", package: "hummingbird"),
                .product(name: "CompressNIO", package: "compress-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "UnixSignals", package: "swift-service-lifecycle"),
            ],
            path: "Services/edge-gateway/EdgeGateway",
            swiftSettings: swiftSettings
        ),
        .executableTarget(
            name: "EdgeGatewayMain",
            dependencies: ["EdgeGateway", "ServiceSupport", .product(name: "ArgumentParser", package: "swift-argument-parser")],
            path: "Services/edge-gateway/EdgeGatewayMain",
            swiftSettings: swiftSettings,
            linkerSettings: serviceLinkerSettings
        ),
        .testTarget(
            name: "EdgeGatewayTests",
            dependencies: [
                "EdgeGateway", "TokenSupport", "ServiceSupport", "TestSupport", "TokenTestSupport",
                .product(name: "CompressNIO", package: "compress-nio"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "JWTKit", package: "jwt-kit"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "_CryptoExtras", package: "swift-crypto"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            path: "Tests/EdgeGatewayTests",
            swiftSettings: swiftSettings
        ),

        // MARK: end of edge-gateway

        // MARK: Tests (shared runtime)
        .target(
            name: "TestSupport",
            dependencies: [
                "ServiceSupport", "PostgresSupport",
                .product(name: "PostgresNIO", package: "postgres-nio"),
            ],
            path: "Tests/TestSupport",
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "ServiceSupportTests",
            dependencies: [
                "ServiceSupport", "TestSupport",
                .product(name: "HummingbirdTesting", package: "hummingbird"),
            ],
            path: "Tests/ServiceSupportTests",
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "PostgresSupportTests",
            dependencies: ["PostgresSupport", "TestSupport"],
            path: "Tests/PostgresSupportTests",
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "ServicesTests",
            dependencies: [
                "IdentityService", "PACSService", "EdgeGateway", "TestSupport",
                .product(name: "HummingbirdTesting", package: "hummingbird"),
            ],
            path: "Tests/ServicesTests",
            swiftSettings: swiftSettings
        ),
    ]
)
