import XCTest
@testable import Scenario

final class ScenarioLoaderTests: XCTestCase {
    func testFullTwoVendorScenarioLoadsWithEveryValue() throws {
        let scenario = try ScenarioLoader.load(path: try fixturePath("quickstart-two-vendors"))
        XCTAssertEqual(scenario.name, "quickstart")
        XCTAssertEqual(scenario.description, "Two-vendor quickstart: acme core/CU/RU, globex DU")
        XCTAssertEqual(scenario.durationMs, 2000)
        XCTAssertEqual(scenario.seed, 7)
        XCTAssertEqual(scenario.clock, .virtual)
        XCTAssertEqual(scenario.numerology, 1)
        XCTAssertEqual(scenario.transport, TransportConfig(kind: .tcp, host: "127.0.0.1", basePort: 47100, exposed: true))
        XCTAssertEqual(scenario.capture, CaptureConfig(enabled: false, maxRecords: 5000))
        XCTAssertEqual(scenario.links, LinkDelays(ngUs: 2000, f1Us: 250, fronthaulUs: 50, airUs: 1))
        XCTAssertEqual(scenario.vendors, [
            VendorProfile(name: "acme", ngVersions: [1, 2], f1Versions: [1], fronthaulVersions: [1],
                          numerologies: [0, 1], maxPRBs: 273, maxUEs: 1024, fronthaulCompression: [.none, .bfp9]),
            VendorProfile(name: "globex", f1Versions: [1, 2], numerologies: [1], maxPRBs: 106,
                          fronthaulCompression: [.bfp9]),
        ])
        XCTAssertEqual(scenario.nodes, [
            NodeConfig(name: "core1", role: .core, vendor: "acme"),
            NodeConfig(name: "cu1", role: .cu, vendor: "acme", core: "core1"),
            NodeConfig(name: "du1", role: .du, vendor: "globex", cu: "cu1", host: "10.0.0.2"),
            NodeConfig(name: "ru1", role: .ru, vendor: "acme", du: "du1"),
            NodeConfig(name: "air", role: .channel),
            NodeConfig(name: "ues", role: .ue, endpoint: "tcp://10.0.0.9:5555"),
        ])
        XCTAssertEqual(scenario.cells, [
            CellConfig(name: "cell1", du: "du1", ru: "ru1", prbs: 106, carrierGHz: 3.5, duplex: .tdd,
                       tddPattern: "DDDSU", txPowerDbm: 40, position: [0, 0, 25], mcsTable: .qam64,
                       scheduler: .proportionalFair, maxGrantsDL: 8, maxGrantsUL: 4, fixedMCS: 28,
                       fronthaulCompression: .bfp9),
        ])
        XCTAssertEqual(scenario.ueGroups, [
            UEGroupConfig(name: "phones", count: 4, cell: "cell1", node: "ues",
                          placement: PlacementConfig(kind: .ring, radiusM: 150, minRadiusM: 10),
                          downlink: TrafficConfig(kind: .cbr, rateMbps: 5, packetBytes: 1200),
                          uplink: TrafficConfig(kind: .poisson, rateMbps: 1, packetBytes: 500)),
            UEGroupConfig(name: "sensors", count: 20, cell: "cell1", node: "ues",
                          placement: PlacementConfig(kind: .random, radiusM: 300.5),
                          uplink: TrafficConfig(kind: .fullBuffer)),
        ])
    }

    /// The schema's defaults must be the model initialisers' defaults: one source of truth each,
    /// checked against the other here.
    func testOmittedFieldsTakeTheModelDefaults() throws {
        let scenario = try ScenarioLoader.load(path: try fixturePath("minimal"))
        XCTAssertEqual(scenario.description, "")
        XCTAssertEqual(scenario.durationMs, 500)
        XCTAssertEqual(scenario.seed, 1)
        XCTAssertEqual(scenario.clock, .virtual)
        XCTAssertEqual(scenario.numerology, 1)
        XCTAssertEqual(scenario.transport, TransportConfig())
        XCTAssertEqual(scenario.capture, CaptureConfig())
        XCTAssertEqual(scenario.links, LinkDelays())
        XCTAssertEqual(scenario.vendors, [VendorProfile(name: "acme")])
        XCTAssertEqual(scenario.nodes[1], NodeConfig(name: "cu1", role: .cu, vendor: "acme", core: "core1"))
        XCTAssertEqual(scenario.cells, [CellConfig(name: "cell1", du: "du1", ru: "ru1")])
        // `node` left out: the scenario's only ue node.
        XCTAssertEqual(scenario.ueGroups, [UEGroupConfig(name: "phones", count: 4, cell: "cell1", node: "ues")])
    }

    func testEveryDurationUnitConvertsToTheModelUnit() throws {
        let cases: [(text: String, durationMs: Double)] = [("2s", 2000), ("500ms", 500), ("1.5min", 90_000),
                                                           ("250us", 0.25), ("1440min", 86_400_000)]
        for (text, expected) in cases {
            let yaml = baseYAML.replacingOnce("duration: 1s", with: "duration: \(text)")
            XCTAssertEqual(try ScenarioLoader.load(yaml: yaml, file: "t.yaml").durationMs, expected, text)
        }
    }

    func testQuotedAndSpacedValuesAreReadAsWritten() throws {
        let yaml = baseYAML.replacingOnce("name: t\n", with: "name: \"t-2_b\"\ndescription: 'yes: quoted'\n")
            + "    tddPattern: \"DDDDDDDSUU\"\n    fixedMCS: 0\n"
        let scenario = try ScenarioLoader.load(yaml: yaml, file: "t.yaml")
        XCTAssertEqual(scenario.name, "t-2_b")
        XCTAssertEqual(scenario.description, "yes: quoted")
        XCTAssertEqual(scenario.cells[0].tddPattern, "DDDDDDDSUU")
        XCTAssertEqual(scenario.cells[0].fixedMCS, 0)
    }

    func testSeedKeepsItsFullIntegerPrecision() throws {
        let yaml = baseYAML.replacingOnce("duration: 1s", with: "duration: 1s\nseed: 9007199254740993")
        XCTAssertEqual(try ScenarioLoader.load(yaml: yaml, file: "t.yaml").seed, 9_007_199_254_740_993)
    }

    func testMissingFileIsOneIssueWithoutPosition() {
        XCTAssertThrowsError(try ScenarioLoader.load(path: "does/not/exist.yaml")) { error in
            XCTAssertEqual((error as? ScenarioValidationError)?.description, "does/not/exist.yaml: error: no such file")
        }
    }
}
