import Interfaces
import Logging
import Report
import Scenario
import XCTest
@testable import Nodes

/// A role that is set up only once its setup request is answered, as a restarted DU is.
private final class SettingUpRole: NodeBehavior {
    var requests = 0
    var answered = false
    var slotsRun: [UInt64] = []
    var handled = 0
    func sendSetupRequests(_ io: NodeIO) {
        requests += 1
        io.send(link: io.link(to: "cu1")!, interface: .f1Control, messageType: SetupMessageType.request) { $0.u8(1) }
    }
    func handleSetup(_ unit: WireUnit, _ io: NodeIO) throws(SetupProcedureError) {
        if unit.header.messageType == SetupMessageType.response { answered = true }
    }
    var isSetUp: Bool { answered }
    func handle(_ unit: WireUnit, _ io: NodeIO) { handled += 1 }
    func runSlot(_ io: NodeIO) { slotsRun.append(io.slot) }
    func fillReport(_ report: inout NodeReport) {}
}

/// Restart faults in the virtual-time protocol: du1 is killed at 100 ms (slot 200) and a new one
/// runs from 300 ms (slot 600). Its peers lose what would land while it is down, hold what the
/// new one gets, and count its down slots as closed; the new one announces itself and sets up
/// again in its slots.
final class RestartFaultTests: XCTestCase {
    static let yaml = NodeEngineTests.yaml.replacingOccurrences(of: "duration: 10ms", with: "duration: 1s")
        + "\nfaults:\n  - { at: 100ms, duration: 200ms, node: du1, action: restart }\n"
    let core: UInt16 = 0, cu: UInt16 = 1, du: UInt16 = 2

    private func topology() throws -> Topology { Topology(scenario: try ScenarioLoader.load(yaml: Self.yaml, file: "restart.yaml")) }

    private func unit(_ interface: InterfaceID, type: UInt8 = 1, flags: UInt8 = 0, from source: UInt16, to destination: UInt16,
                      slot: UInt64) -> [UInt8] {
        var w = ByteWriter()
        appendUnit(to: &w, interface: interface, messageType: type, flags: flags, source: source, destination: destination, slot: slot,
                   sequence: 0) { $0.u8(7) }
        return w.bytes
    }

    /// What `engine` sends now, per peer.
    private func flushed(_ engine: NodeEngine, endOfWindow: UInt64?) -> [String: [WireUnit]] {
        var out: [String: [WireUnit]] = [:]
        engine.flush(endOfWindow: endOfWindow) { link, bytes in out[engine.io.links[link].peer, default: []] += decodeUnits(bytes).units }
        return out
    }

    func testPeersLoseHoldAndReleaseAroundTheRestart() throws {
        let topology = try topology()
        XCTAssertEqual(topology.restarts(of: "du1"), [200..<600])
        let cu1 = NodeEngine(topology: topology, nodeName: "cu1", role: RecordingRole(), logger: Logger(label: "test"))
        let toDU = try XCTUnwrap(cu1.io.link(to: "du1"))
        cu1.ingest(unit(.sync, type: SyncMessageType.endOfWindow, from: core, to: cu, slot: 1_000))
        cu1.ingest(unit(.sync, type: SyncMessageType.endOfWindow, from: du, to: cu, slot: 198))
        // F1 is one slot: units from slot 199 on land at or after the kill, so a window ends at 198.
        XCTAssertEqual(cu1.windowEnd(), 198)
        while cu1.nextSlot <= 198 { cu1.runSlot() }
        XCTAssertNotNil(flushed(cu1, endOfWindow: 198)["du1"], "the old du1 gets what it needs")
        XCTAssertEqual(cu1.windowEnd(), 199)
        cu1.runSlot()   // slot 199
        cu1.io.send(link: toDU, interface: .f1User, messageType: 1) { $0.u8(1) }
        XCTAssertEqual(cu1.io.counters.lostToRestart, 1, "it would land in slot 200, when du1 is down")
        XCTAssertNil(flushed(cu1, endOfWindow: 199)["du1"], "from slot 199 on, what du1 gets is held")
        XCTAssertNil(cu1.windowEnd(), "waits for du1 to close slot 199")
        cu1.ingest(unit(.sync, type: SyncMessageType.endOfWindow, from: du, to: cu, slot: 199))
        XCTAssertEqual(cu1.windowEnd(), 600, "du1's down slots count as closed once it closed the slot before them")
        while cu1.nextSlot <= 599 { cu1.runSlot() }
        cu1.io.send(link: toDU, interface: .f1User, messageType: 1) { $0.u8(2) }   // lands in slot 600
        let whileDown = flushed(cu1, endOfWindow: 599)
        XCTAssertNil(whileDown["du1"], "held for the new du1")
        XCTAssertNotNil(whileDown["core1"])
        // The new du1 announces itself: the held units and a marker for the last slot run go out.
        cu1.ingest(unit(.sync, type: SyncMessageType.restarted, from: du, to: cu, slot: 600))
        XCTAssertTrue(cu1.peerReturned)
        let released = try XCTUnwrap(flushed(cu1, endOfWindow: nil)["du1"])
        XCTAssertEqual(released.filter { $0.header.interface == .f1User }.map(\.header.slot), [600])
        XCTAssertEqual(released.last { $0.header.interface == .sync }?.header.slot, 599)
        // A second announcement has no restart behind it: refused.
        cu1.ingest(unit(.sync, type: SyncMessageType.restarted, from: du, to: cu, slot: 700))
        XCTAssertEqual(cu1.io.counters.outOfWindow, 1)
    }

    func testTheNewNodeAnnouncesItselfAndSetsUpInItsSlots() throws {
        let topology = try topology()
        let role = SettingUpRole()
        let du1 = NodeEngine(topology: topology, nodeName: "du1", role: role, logger: Logger(label: "test"), restartIndex: 0)
        XCTAssertEqual(du1.nextSlot, 600)
        XCTAssertNil(du1.restartDue)
        let hello = flushed(du1, endOfWindow: nil)
        XCTAssertEqual(Set(hello.keys), Set(du1.io.links.map(\.peer)), "every peer hears it is back")
        for units in hello.values { XCTAssertEqual(units.map(\.header.messageType), [SyncMessageType.restarted]) }
        for peer in du1.io.links {
            du1.ingest(unit(.sync, type: SyncMessageType.endOfWindow, from: topology.nodeIndex(peer.peer), to: du, slot: 900))
        }
        du1.ingest(unit(.f1User, from: cu, to: du, slot: 600))
        du1.runSlot()   // 600: the setup request goes out, the F1-U unit is refused
        XCTAssertEqual(role.requests, 1)
        XCTAssertEqual(du1.io.counters.beforeSetup, 1)
        XCTAssertEqual(role.handled, 0)
        XCTAssertEqual(role.slotsRun, [])
        let request = try XCTUnwrap(flushed(du1, endOfWindow: 600)["cu1"]?.first { $0.header.interface == .f1Control })
        XCTAssertEqual(request.header.flags & WireHeader.flagInRunSetup, WireHeader.flagInRunSetup, "handled in its slot at the CU")
        XCTAssertEqual(request.header.slot, 601)
        du1.ingest(unit(.f1Control, type: SetupMessageType.response, flags: WireHeader.flagInRunSetup, from: cu, to: du, slot: 602))
        du1.runSlot(); du1.runSlot()   // 601, 602: the answer arrives in 602
        XCTAssertTrue(role.isSetUp)
        XCTAssertEqual(role.slotsRun, [], "set up at the end of 602")
        du1.runSlot()
        XCTAssertEqual(role.slotsRun, [603])
    }

    func testAKilledNodesWindowEndsBeforeItsRestart() throws {
        let du1 = NodeEngine(topology: try topology(), nodeName: "du1", role: RecordingRole(), logger: Logger(label: "test"))
        for peer in du1.io.links {
            du1.ingest(unit(.sync, type: SyncMessageType.endOfWindow, from: du1.topology.nodeIndex(peer.peer), to: du, slot: 1_500))
        }
        XCTAssertEqual(du1.windowEnd(), 199)
        while du1.nextSlot <= 199 { du1.runSlot() }
        XCTAssertEqual(du1.restartDue, 0)
        XCTAssertNil(du1.windowEnd(), "the shell kills it now")
    }

    /// A node started again after a restart fault paces its slots from the launcher's epoch, long
    /// past by then, not from its own start.
    func testAnEpochInThePastKeepsItsPlaceOnTheMonotonicClock() {
        XCTAssertEqual(NodeRuntime.monotonicEpoch(unixNs: 5_000, wallNowNs: 3_000, monotonicNowNs: 100_000), 102_000)
        XCTAssertEqual(NodeRuntime.monotonicEpoch(unixNs: 5_000, wallNowNs: 805_000, monotonicNowNs: 900_000), 100_000)
        XCTAssertEqual(NodeRuntime.monotonicEpoch(unixNs: 0, wallNowNs: 805_000, monotonicNowNs: 1_000), 0)
    }

    func testRestartFaultsAreChecked() {
        func issues(_ faults: String) -> [String] {
            let yaml = NodeEngineTests.yaml.replacingOccurrences(of: "duration: 10ms", with: "duration: 1s") + "\nfaults:\n" + faults
            do { _ = try ScenarioLoader.load(yaml: yaml, file: "f.yaml"); return [] } catch {
                return error.issues.map(\.description)
            }
        }
        XCTAssertEqual(issues("  - { at: 100ms, duration: 200ms, node: du1, action: restart }\n"), [])
        XCTAssertEqual(issues("  - { at: 100ms, duration: 200ms, node: cu1, action: restart }\n"),
                       ["faults[0].node: cu1 is a cu; only a du or an ru is restarted; allowed a du or ru node"])
        XCTAssertEqual(issues("  - { at: 100ms, duration: 20ms, node: du1, action: restart }\n"),
                       ["faults[0].duration: 20ms is shorter than a restart can be; allowed 100ms or more (a UE declares its cell lost after 50 ms)"])
        XCTAssertEqual(issues("  - { at: 900ms, duration: 200ms, node: du1, action: restart }\n"),
                       ["faults[0].duration: the node would come back at or after the end of the run; allowed at + duration before duration of the run"])
        XCTAssertEqual(issues("  - { at: 100ms, duration: 200ms, node: du1, action: restart }\n  - { at: 200ms, duration: 200ms, node: du1, action: restart }\n"),
                       ["faults[1].at: overlaps another restart of du1; allowed one restart of a node at a time"])
        XCTAssertEqual(issues("  - { at: 100ms, duration: 200ms, link: [cu1, du1], drop: 5, action: restart }\n"),
                       ["faults[0].action: a link is not restarted; allowed action on a node fault"])
    }
}
