import Interfaces
import Scenario
import Power
import XCTest
@testable import Nodes

final class TopologyTests: XCTestCase {
    static func scenario() -> Scenario {
        Scenario(name: "t", description: "", durationMs: 100, seed: 3, clock: .virtual, numerology: 1,
                 transport: TransportConfig(), capture: CaptureConfig(),
                 links: LinkDelays(ngUs: 1000, f1Us: 500, fronthaulUs: 100, airUs: 1),
                 vendors: [VendorProfile(name: "v")],
                 nodes: [NodeConfig(name: "core", role: .core, vendor: "v"),
                         NodeConfig(name: "cu", role: .cu, vendor: "v", core: "core"),
                         NodeConfig(name: "du", role: .du, vendor: "v", cu: "cu"),
                         NodeConfig(name: "ru", role: .ru, vendor: "v", du: "du"),
                         NodeConfig(name: "air", role: .channel),
                         NodeConfig(name: "ues", role: .ue)],
                 cells: [CellConfig(name: "c1", du: "du", ru: "ru")],
                 ueGroups: [UEGroupConfig(name: "g", count: 5, cell: "c1", node: "ues",
                                          placement: PlacementConfig(kind: .random, radiusM: 200, minRadiusM: 20))])
    }

    func testLinksAndDelaysInSlots() {
        let t = Topology(scenario: Self.scenario())
        XCTAssertEqual(t.totalSlots, 200)                      // 100 ms at 0.5 ms slots
        XCTAssertEqual(t.links(of: "cu").map(\.peer), ["core", "du"])
        XCTAssertEqual(t.links(of: "cu").map(\.delaySlots), [2, 1])   // 1 ms = 2 slots, 0.5 ms = 1 slot
        XCTAssertEqual(t.links(of: "du").map(\.peer), ["cu", "ru"])
        XCTAssertEqual(t.links(of: "ru").map(\.delaySlots), [1, 1], "a delay below one slot is one slot of lookahead")
        XCTAssertEqual(t.links(of: "air").map(\.peer), ["ru", "ues"])
        XCTAssertEqual(t.links(of: "ru")[0].interfaces, [.fronthaulManagement, .fronthaulControl, .fronthaulUser])
    }

    /// Default neighbours are the du's other cells; a listed neighbour on another du widens that
    /// du's reach (the UEs it may have to admit).
    func testNeighbourCellsAndSteeringReach() {
        var s = Self.scenario()
        s.nodes += [NodeConfig(name: "du2", role: .du, vendor: "v", cu: "cu"), NodeConfig(name: "ru2", role: .ru, vendor: "v", du: "du"),
                    NodeConfig(name: "ru3", role: .ru, vendor: "v", du: "du2")]
        s.cells += [CellConfig(name: "c2", du: "du", ru: "ru2"), CellConfig(name: "c3", du: "du2", ru: "ru3")]
        var t = Topology(scenario: s)
        XCTAssertEqual(t.neighbourCells(of: 0), [1])
        XCTAssertEqual(t.neighbourCells(of: 2), [])
        XCTAssertEqual(t.steeringReach(ofDU: "du2"), [2])
        s.cells[2].neighbours = ["c1"]
        t = Topology(scenario: s)
        XCTAssertEqual(t.neighbourCells(of: 2), [0])
        XCTAssertEqual(t.steeringReach(ofDU: "du"), [0, 1, 2], "c3's UEs can be steered into c1")
        XCTAssertEqual(t.steeringReach(ofDU: "du2"), [2])
    }

    /// A vendor's own EARTH and compute parameters replace the class's and preset's field by field.
    func testVendorOverridesOfPowerAndCompute() throws {
        var s = Self.scenario()
        s.servers = [ServerConfig(name: "srv", cores: 8)]
        s.nodes[2].server = "srv"
        s.vendors[0].ruType = .micro
        XCTAssertEqual(Topology(scenario: s).ruPowerModel(of: "ru").earth, EARTHParameters.published(.micro))
        s.vendors[0].ruPower = RUPowerOverrides(transceivers: 4, noLoadW: 40)
        s.vendors[0].compute = ComputeOverrides(perPRBLayerBitUs: 0.1, vcuPerPacketUs: 5)
        s.vendors[0].computeScale = 2
        let t = Topology(scenario: s)
        let earth = t.ruPowerModel(of: "ru").earth
        XCTAssertEqual(earth.transceiverCount, 4)
        XCTAssertEqual(earth.noLoadPowerW, 40)
        XCTAssertEqual(earth.loadSlope, EARTHParameters.published(.micro).loadSlope)
        let compute = try XCTUnwrap(t.computeModel(of: "du"))
        XCTAssertEqual(compute.perPRBLayerBitUs, 0.2, accuracy: 1e-12, "the vendor's 0.1, scaled by 2")
        XCTAssertEqual(compute.baseUs, 2 * VRANComputeModel.softwareLDPC.baseUs)
        XCTAssertEqual(compute.vcuPerPacketUs, 10)
        XCTAssertNil(t.computeModel(of: "cu"), "no server: no compute model")
    }

    func testE2LinksJoinTheOrchestratorToEveryCUDUAndRU() {
        var s = Self.scenario()
        s.nodes.append(NodeConfig(name: "smo", role: .orchestrator))
        s.nodes[2].server = "srv"
        s.servers = [ServerConfig(name: "srv", cores: 10)]
        s.orchestrator = OrchestratorConfig(periodMs: 50)
        let t = Topology(scenario: s)
        XCTAssertEqual(t.links(of: "smo").map(\.peer), ["cu", "du", "ru"])
        XCTAssertEqual(t.links(of: "smo").map(\.delaySlots), [10, 10, 10], "5 ms E2 = 10 slots of lookahead")
        XCTAssertEqual(t.links(of: "cu").last?.peer, "smo")
        XCTAssertEqual(t.links(of: "du").map(\.peer), ["cu", "ru", "smo"])
        XCTAssertEqual(t.links(of: "ru").last?.interfaces, [.e2])
        XCTAssertEqual(t.orchestrationPeriodSlots, 100)
        XCTAssertEqual(t.initialCores(of: "du"), 10, "a du alone on its server gets all its cores")
        XCTAssertEqual(Topology(scenario: Self.scenario()).links(of: "du").map(\.peer), ["cu", "ru"], "no orchestrator, no E2")
    }

    func testUEPlacementIsDeterministicAndInsideTheAnnulus() {
        let a = Topology(scenario: Self.scenario()), b = Topology(scenario: Self.scenario())
        XCTAssertEqual(a.ues, b.ues)
        for ue in a.ues {
            let r = (ue.position[0] * ue.position[0] + ue.position[1] * ue.position[1]).squareRoot()
            XCTAssertGreaterThanOrEqual(r, 20 - 1e-9)
            XCTAssertLessThanOrEqual(r, 200 + 1e-9)
        }
        XCTAssertEqual(a.ues.map(\.id), [0, 1, 2, 3, 4])
        XCTAssertEqual(a.ues[2].supi, "imsi-001010000000002")
    }
}
