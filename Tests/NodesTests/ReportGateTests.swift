import Scenario
import XCTest
@testable import Nodes

final class ReportGateTests: XCTestCase {
    func testOnlyScenarioNodesWithTheirOwnIndexAreHeardAndProgressIsBounded() throws {
        let topology = Topology(scenario: try ScenarioLoader.load(yaml: NodeEngineTests.yaml, file: "gate.yaml"))
        var gate = ReportGate(topology: topology)
        XCTAssertTrue(gate.admits(node: "du1", source: 2))
        XCTAssertFalse(gate.admits(node: "du1", source: 3), "ru1's index claiming to be du1")
        XCTAssertFalse(gate.admits(node: "intruder", source: 0xFFFF))
        XCTAssertFalse(gate.admits(source: 0x7777))
        XCTAssertTrue(gate.admits(source: 5))
        // 10 ms at 30 kHz: no progress report is due before 100 ms, so the bound is 16.
        let admitted = (0..<200).filter { _ in gate.admitsProgress(node: "ues", source: 5) }.count
        XCTAssertEqual(admitted, 16)
        XCTAssertEqual(gate.refused, 3 + 184)
    }
}
