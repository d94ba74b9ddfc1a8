// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "APDocs",
    platforms: [.macOS(.v13)],
    products: [
        .library(name: "OfficeTemplate", targets: ["OfficeTemplate"]),
        .library(name: "Placement", targets: ["Placement"]),
        .executable(name: "apdocs", targets: ["apdocs"]),
    ],
    dependencies: [
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
    ],
    targets: [
        // Thin system-library targets: the C APIs are used only through the wrappers in OfficeTemplate.
        .systemLibrary(
            name: "CLibXML2", pkgConfig: "libxml-2.0",
            providers: [.apt(["libxml2-dev"])]),
        .systemLibrary(
            name: "CLibZip", pkgConfig: "libzip",
            providers: [.apt(["libzip-dev"])]),
        // The generic engine: knows nothing of schools.
        .target(
            name: "OfficeTemplate",
            dependencies: ["CLibXML2", "CLibZip", "Yams"]),
        // The domain: placements, rules, document catalogue, batch.
        .target(
            name: "Placement",
            dependencies: ["OfficeTemplate", "Yams"]),
        .executableTarget(
            name: "apdocs",
            dependencies: [
                "OfficeTemplate", "Placement",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]),
        .testTarget(
            name: "PlacementTests",
            dependencies: ["Placement", "OfficeTemplate"]),
        .testTarget(
            name: "OfficeTemplateTests",
            dependencies: ["OfficeTemplate"],
            resources: [.copy("Fixtures")]),
    ]
)
