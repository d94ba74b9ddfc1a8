// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "APDocs",
    platforms: [.macOS(.v15)],
    products: [
        .library(name: "OfficeTemplate", targets: ["OfficeTemplate"]),
        .executable(name: "apdocs", targets: ["apdocs"]),
    ],
    dependencies: [
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/hummingbird-project/hummingbird-auth", from: "2.5.0"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache", from: "2.1.1"),
        .package(url: "https://github.com/swiftcsv/SwiftCSV", from: "0.10.0"),
    ],
    targets: [
        // Thin system-library targets. Each C library is imported and called only in these files;
        // everything else reaches it through their Swift types:
        // - libxml2 (CLibXML2): OfficeTemplate/XML (XMLTree owns a parsed part; the XMLNode helpers
        //   walk and edit its nodes for the compiler, format adapters and forms, which name nodes
        //   as `XMLNodePointer` and do not import libxml2) and PackageSigning (ODFSigning,
        //   OOXMLSigning, PackageVerifier, XMLSecEngine, XMLSecRuntime, XMLSupport).
        // - libzip (CLibZip): OfficeTemplate/Package (ZipReader, ZipReaderChecks, ZipWriter).
        // - xmlsec1, and OpenSSL's libcrypto through its headers (CXMLSec): PackageSigning
        //   (XMLSecEngine, XMLSecRuntime, XMLSupport, whose digests the workspace hashes reuse).
        // - CCrypto: listed by Web, but no file imports it.
        .systemLibrary(
            name: "CLibXML2", pkgConfig: "libxml-2.0",
            providers: [.apt(["libxml2-dev"])]),
        .systemLibrary(
            name: "CLibZip", pkgConfig: "libzip",
            providers: [.apt(["libzip-dev"])]),
        .systemLibrary(
            name: "CXMLSec", pkgConfig: "xmlsec1-openssl",
            providers: [.apt(["libxmlsec1-dev"])]),
        .systemLibrary(
            name: "CCrypto", pkgConfig: "libcrypto",
            providers: [.apt(["libssl-dev"])]),
        // glibc's malloc tuning, for the two programs (not the libraries).
        .systemLibrary(name: "CMalloc"),
        // The generic engine: knows nothing of schools.
        .target(
            name: "OfficeTemplate",
            dependencies: ["CLibXML2", "CLibZip", "Yams"]),
        // XML digital signatures of ODF and OOXML packages (generic, beside the engine).
        .target(
            name: "PackageSigning",
            dependencies: ["OfficeTemplate", "CXMLSec", "CLibXML2"]),
        // Conversion to PDF through LibreOffice (generic).
        .target(name: "PDFExport"),
        // The domain, pure: placements, loading, rules, document catalogue and contexts.
        .target(
            name: "Placement",
            dependencies: ["OfficeTemplate", "Yams"]),
        // Workspaces: generation, staleness, manifest, history, locking, sealing and PDF calls.
        .target(
            name: "Workspaces",
            dependencies: ["Placement", "OfficeTemplate", "PackageSigning", "PDFExport"]),
        // `apdocs serve`: the web app over a workspace (pages, sessions, signing links, import).
        .target(
            name: "Web",
            dependencies: [
                "Workspaces", "Placement", "OfficeTemplate", "CCrypto", "Yams",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdTLS", package: "hummingbird"),
                .product(name: "HummingbirdBcrypt", package: "hummingbird-auth"),
                .product(name: "Mustache", package: "swift-mustache"),
                .product(name: "SwiftCSV", package: "SwiftCSV"),
            ]),
        .executableTarget(
            name: "apdocs",
            dependencies: [
                "OfficeTemplate", "Placement", "Workspaces", "PackageSigning", "PDFExport", "CMalloc", "Web",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]),
        // `make bench`: prints the benchmark figures (not a test).
        .executableTarget(
            name: "apdocs-bench",
            dependencies: ["OfficeTemplate", "CMalloc"]),
        .testTarget(
            name: "PackageSigningTests",
            dependencies: ["PackageSigning", "OfficeTemplate"]),
        .testTarget(
            name: "PDFExportTests",
            dependencies: ["PDFExport"]),
        .testTarget(
            name: "WorkspacesTests",
            dependencies: ["Workspaces", "Placement", "OfficeTemplate"]),
        .testTarget(
            name: "WebTests",
            dependencies: [
                "Web", "Workspaces", "Placement",
                .product(name: "HummingbirdTesting", package: "hummingbird"),
            ]),
        .testTarget(
            name: "PlacementTests",
            dependencies: ["Placement", "OfficeTemplate"]),
        .testTarget(
            name: "OfficeTemplateTests",
            dependencies: ["OfficeTemplate"]),
        // The command line through the built binary: exit statuses, --json shapes, messages.
        .testTarget(
            name: "APDocsCLITests",
            dependencies: ["apdocs"]),
    ]
)

// libFuzzer targets, only when asked for: they call libFuzzer's driver, which an ordinary
// build does not link. See Fuzz/README.md.
if Context.environment["APDOCS_FUZZ"] != nil {
    package.targets += [
        .target(name: "FuzzDriver"),
        .executableTarget(name: "FuzzTags", dependencies: ["OfficeTemplate", "FuzzDriver"]),
        .executableTarget(name: "FuzzData", dependencies: ["OfficeTemplate", "FuzzDriver"]),
        .executableTarget(name: "FuzzZip", dependencies: ["OfficeTemplate", "FuzzDriver"]),
        .executableTarget(name: "FuzzXML", dependencies: ["OfficeTemplate", "FuzzDriver"]),
    ]
    package.products += [
        .executable(name: "fuzz-tags", targets: ["FuzzTags"]),
        .executable(name: "fuzz-data", targets: ["FuzzData"]),
        .executable(name: "fuzz-zip", targets: ["FuzzZip"]),
        .executable(name: "fuzz-xml", targets: ["FuzzXML"]),
    ]
}
