import Foundation
import XCTest
@testable import Orchestrator

/// Actions for a node the snapshot holds unreachable are refused before the model takes them.
final class UnreachableNodeActionTests: XCTestCase {
    /// Returns the same actions every period and keeps the refusals it hears of.
    private struct Scripted: Policy {
        let name = "scripted"
        var actions: [OrchestratorAction]
        var heard: [RefusedAction] = []
        mutating func decide(snapshot: KPISnapshot, model: ResourceModel, targets: OrchestrationTargets) -> [OrchestratorAction] { actions }
        mutating func noteRefused(_ refusals: [RefusedAction]) { heard += refusals }
    }

    func testActionsForAnUnreachableNodeAreRefusedAndTheModelKeepsItsState() {
        var snapshot = Fixtures.snapshot(loads: ["cell1": 0.2, "cell2": 0.2, "cell3": 0.2, "cell4": 0.2])
        snapshot.unreachableNodes = ["du1", "du2"]
        let at = snapshot.slot + 1
        let policy = Scripted(actions: [
            OrchestratorAction(.setCores(vdu: "du1", cores: 6), applyAtSlot: at, reason: "shrink du1"),
            // ru2 is reachable, but its DU (which stops the cell at the same slot) is not.
            OrchestratorAction(.ruSleep(ru: "ru2", depth: .sm1), applyAtSlot: at, reason: "sleep ru2"),
            OrchestratorAction(.setCores(vdu: "du3", cores: 6), applyAtSlot: at, reason: "shrink du3"),
        ])
        var loop = OrchestrationLoop(model: Fixtures.model(), policy: policy, targets: Fixtures.targets)
        let entries = loop.step(snapshot)
        XCTAssertEqual(entries.map(\.accepted), [false, false, true])
        XCTAssertEqual(entries[0].refusal, "du1 is unreachable: its E2 report for period \(snapshot.periodIndex) did not arrive")
        XCTAssertEqual(entries[1].refusal, "du2 is unreachable: its E2 report for period \(snapshot.periodIndex) did not arrive")
        XCTAssertEqual(loop.model.vdus.map(\.cores), [12, 12, 6, 12], "only du3's change is in the model")
        XCTAssertEqual(loop.policy.heard.map(\.reason), entries.prefix(2).compactMap(\.refusal))

        // Reports back: the same actions go through.
        snapshot.unreachableNodes = []
        snapshot.slot += UInt64(snapshot.periodSlots)
        snapshot.periodIndex += 1
        loop.replacePolicy(with: Scripted(actions: [OrchestratorAction(.setCores(vdu: "du1", cores: 6), applyAtSlot: snapshot.slot + 1, reason: "")]))
        XCTAssertEqual(loop.step(snapshot).map(\.accepted), [true])
    }

    func testTheSnapshotCarriesUnreachableNodesAndReadsOlderOnesWithout() throws {
        var snapshot = KPISnapshot(periodIndex: 2, slot: 599, periodSlots: 200, cells: [])
        snapshot.unreachableNodes = ["du1"]
        let json = String(decoding: JSONBytes.encode(snapshot), as: UTF8.self)
        XCTAssertTrue(json.contains(#""unreachableNodes":["du1"]"#), json)
        XCTAssertEqual(try JSONBytes.decoder().decode(KPISnapshot.self, from: Data(json.utf8)), snapshot)
        let older = #"{"cells":[],"periodIndex":0,"periodSlots":200,"rus":[],"servers":[],"slot":199,"transport":[],"vcus":[],"vdus":[]}"#
        XCTAssertEqual(try JSONBytes.decoder().decode(KPISnapshot.self, from: Data(older.utf8)).unreachableNodes, [])
    }
}
