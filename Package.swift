// swift-tools-version: 6.0
import PackageDescription

// The modules every emulated slot runs through are optimized in debug builds too: the tests that
// run whole emulations (the b5g of a debug build) then take a fraction of the time, and the
// tests still see internal symbols (-enable-testing works with -O).
let optimizedInDebug: [SwiftSetting] = [.unsafeFlags(["-O"], .when(configuration: .debug))]

// The per-slot path (roles, wire formats, scheduler) checks exclusive access statically; the
// dynamic checks on class properties cost several percent of a run in release builds.
let hotPathSettings: [SwiftSetting] = [.unsafeFlags(["-enforce-exclusivity=unchecked"], .when(configuration: .release))]
    + optimizedInDebug


let package = Package(
    name: "B5GEmu",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "b5g", targets: ["B5GCLI"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/apple/swift-log", from: "1.6.0"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.0.0"),
        .package(url: "https://github.com/HdrHistogram/hdrhistogram-swift", from: "0.1.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.4.1"),
    ],
    targets: [
        // Thin C shims: only Transport imports them. Unsafe pointers live there and in the Scheduler's buffers.
        .systemLibrary(name: "CZeroMQ", path: "Sources/CZeroMQ"),
        .systemLibrary(name: "CPcap", path: "Sources/CPcap"),
        .target(name: "Transport", dependencies: ["CZeroMQ", "CPcap"]),
        // Counts heap allocations process-wide so benchmarks can show zero per slot.
        .target(name: "CAllocationCounter"),

        // Domain models: no clocks, deterministic, no I/O except Scenario reading its file.
        // Interfaces takes the RU sleep depth from Power: an E2 RC action names SM1-SM4.
        .target(name: "Interfaces", dependencies: ["Power"], swiftSettings: hotPathSettings),
        .target(name: "Radio", swiftSettings: optimizedInDebug),
        .target(name: "Scheduler", dependencies: ["Radio"], swiftSettings: hotPathSettings),
        .target(name: "NTN", swiftSettings: optimizedInDebug),
        .target(name: "Power"),
        .target(name: "Orchestrator", dependencies: ["Power", "Interfaces"]),
        .target(name: "Scenario", dependencies: ["NTN", .product(name: "Yams", package: "Yams")]),
        .target(name: "Report", dependencies: [.product(name: "Histogram", package: "hdrhistogram-swift")], swiftSettings: optimizedInDebug),
        // report.html from a run or compare folder: inline SVG charts drawn here, no script.
        .target(name: "ReportHTML", dependencies: ["Report", "Orchestrator"]),

        // Live metrics of a run: progress reports turned into Prometheus families (text format).
        .target(name: "LiveMetrics", dependencies: ["Report", .product(name: "Prometheus", package: "swift-prometheus")]),

        // Node roles, clocks and the launcher: where models meet the transport.
        .target(name: "Nodes", dependencies: [
            "Transport", "Interfaces", "Radio", "Scheduler", "NTN", "Scenario", "Report", "ReportHTML", "Power", "Orchestrator", "LiveMetrics",
            .product(name: "Logging", package: "swift-log"),
            .product(name: "Histogram", package: "hdrhistogram-swift"),
        ], swiftSettings: hotPathSettings),
        .executableTarget(name: "B5GCLI", dependencies: [
            "Nodes", "Scenario", "Interfaces", "Radio", "Scheduler", "NTN", "Transport", "Report", "ReportHTML", "CAllocationCounter",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
            .product(name: "Logging", package: "swift-log"),
        ]),

        .testTarget(name: "InterfacesTests", dependencies: ["Interfaces", "Power"]),
        .testTarget(name: "TransportTests", dependencies: ["Transport"]),
        .testTarget(name: "RadioTests", dependencies: ["Radio"]),
        .testTarget(name: "SchedulerTests", dependencies: ["Scheduler", "Radio", "CAllocationCounter"]),
        .testTarget(name: "PowerTests", dependencies: ["Power"]),
        .testTarget(name: "OrchestratorTests", dependencies: ["Orchestrator", "Power", "Interfaces"]),
        .testTarget(name: "NTNTests", dependencies: ["NTN"], resources: [.copy("Resources")]),
        .testTarget(name: "ScenarioTests", dependencies: ["Scenario"], resources: [.copy("Resources")]),
        .testTarget(name: "NodesTests", dependencies: [
            "Nodes", "Interfaces", "Scenario", "Scheduler", "Transport", "Orchestrator", .product(name: "Logging", package: "swift-log"),
        ]),
        .testTarget(name: "ReportTests", dependencies: ["Report", .product(name: "Histogram", package: "hdrhistogram-swift")]),
        .testTarget(name: "LiveMetricsTests", dependencies: ["LiveMetrics", "Report"]),
        .testTarget(name: "ReportHTMLTests", dependencies: ["ReportHTML", "Report", "Orchestrator"]),
        .testTarget(name: "IntegrationTests", dependencies: ["Report", "Interfaces"]),
        // The command-line options of the b5g commands, parsed and validated in process.
        .testTarget(name: "B5GCLITests", dependencies: ["B5GCLI", "Scenario"]),
    ]
)
