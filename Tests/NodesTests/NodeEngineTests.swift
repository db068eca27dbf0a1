import Interfaces
import Logging
import Report
import Scenario
import XCTest
@testable import Nodes

/// A role that records what it is handed, so the engine's protocol can be checked alone.
final class RecordingRole: NodeBehavior {
    var handled: [(slot: UInt64, source: UInt16, sequence: UInt32)] = []
    var slotsRun: [UInt64] = []
    func sendSetupRequests(_ io: NodeIO) {}
    func handleSetup(_ unit: WireUnit, _ io: NodeIO) throws(SetupProcedureError) {}
    var isSetUp: Bool { true }
    func handle(_ unit: WireUnit, _ io: NodeIO) { handled.append((io.slot, unit.header.sourceNode, unit.header.sequence)) }
    func runSlot(_ io: NodeIO) { slotsRun.append(io.slot) }
    func fillReport(_ report: inout NodeReport) {}
}

/// The virtual-time protocol of one node, driven by hand: no socket, no clock, no process.
final class NodeEngineTests: XCTestCase {
    static let yaml = """
        name: engine
        duration: 10ms
        numerology: 1
        links: { ng: 1ms, f1: 500us, fronthaul: 100us, air: 1us }
        vendors:
          - { name: v }
        nodes:
          - { name: core1, role: core, vendor: v }
          - { name: cu1, role: cu, vendor: v, core: core1 }
          - { name: du1, role: du, vendor: v, cu: cu1 }
          - { name: ru1, role: ru, vendor: v, du: du1 }
          - { name: air, role: channel }
          - { name: ues, role: ue }
        cells:
          - { name: c1, du: du1, ru: ru1, prbs: 51, position: [0, 0, 25] }
        ueGroups:
          - { name: g, count: 1, cell: c1 }
        """

    var topology: Topology!
    var role: RecordingRole!
    var engine: NodeEngine!
    /// Node indices in the scenario's order.
    let core: UInt16 = 0, cu: UInt16 = 1, du: UInt16 = 2, ru: UInt16 = 3

    override func setUpWithError() throws {
        topology = Topology(scenario: try ScenarioLoader.load(yaml: Self.yaml, file: "engine.yaml"))
        role = RecordingRole()
        engine = NodeEngine(topology: topology, nodeName: "du1", role: role, logger: Logger(label: "test"))
    }

    /// One unit as a peer would send it.
    func unit(_ interface: InterfaceID, type: UInt8 = 1, from source: UInt16, to destination: UInt16 = 2, slot: UInt64,
              sequence: UInt32 = 0, body: [UInt8] = []) -> [UInt8] {
        var w = ByteWriter()
        appendUnit(to: &w, interface: interface, messageType: type, source: source, destination: destination, slot: slot,
                   sequence: sequence) { $0.append(contentsOf: body) }
        return w.bytes
    }

    func endOfWindow(from source: UInt16, slot: UInt64) -> [UInt8] {
        unit(.sync, type: SyncMessageType.endOfWindow, from: source, slot: slot)
    }

    func testWindowEndsWhereTheSlowestPeerAllows() {
        // du1's links: cu1 (F1, 1 slot), ru1 (fronthaul, 1 slot); no marker yet: slot 0 only.
        XCTAssertEqual(engine.windowEnd(), 0)
        engine.runSlot()
        XCTAssertNil(engine.windowEnd(), "slot 1 needs both peers to have closed slot 0")
        XCTAssertEqual(Set(engine.waitingFor), ["cu1", "ru1"])
        engine.ingest(endOfWindow(from: cu, slot: 5))
        XCTAssertEqual(engine.waitingFor, ["ru1"])
        engine.ingest(endOfWindow(from: ru, slot: 2))
        XCTAssertEqual(engine.windowEnd(), 3, "ru1 closed slot 2 + one slot of delay")
    }

    func testUnitsOfASlotAreHandledInSourceAndSequenceOrder() {
        engine.ingest(unit(.fronthaulUser, from: ru, slot: 0, sequence: 7) + unit(.f1User, from: cu, slot: 0, sequence: 9)
                      + unit(.f1User, from: cu, slot: 0, sequence: 3))
        engine.runSlot()
        XCTAssertEqual(role.handled.map(\.source), [cu, cu, ru])
        XCTAssertEqual(role.handled.map(\.sequence), [3, 9, 7])
        XCTAssertEqual(role.slotsRun, [0])
    }

    func testForgedMarkersAndFarFutureUnitsAreRefusedWithoutArithmetic() {
        for slot: UInt64 in [1 << 63, (1 << 63) - 1, UInt64.max, 1_000_000_000_000] {
            engine.ingest(endOfWindow(from: cu, slot: slot))
            engine.ingest(unit(.f1User, from: cu, slot: slot))
        }
        XCTAssertEqual(engine.io.counters.outOfWindow, 8)
        XCTAssertEqual(engine.windowEnd(), 0, "no forged marker moved the horizon")
        // A flood of far-future units leaves nothing pending.
        for i in 0..<10_000 { engine.ingest(unit(.f1User, from: cu, slot: 50 + UInt64(i), sequence: UInt32(i))) }
        XCTAssertEqual(engine.io.counters.outOfWindow, 8 + 10_000)
        engine.ingest(endOfWindow(from: cu, slot: 18)); engine.ingest(endOfWindow(from: ru, slot: 18))
        while engine.nextSlot < engine.totalSlots { engine.runSlot() }
        XCTAssertTrue(role.handled.isEmpty)
    }

    func testUnitsFromStrangersOnWrongInterfacesOrForPastSlotsAreCountedByCause() {
        engine.ingest(unit(.f1User, from: core, slot: 0))                  // core1 is not a peer of du1
        engine.ingest(unit(.f1User, from: cu, to: ru, slot: 0))            // addressed to another node
        engine.ingest(unit(.ngUser, from: cu, slot: 0))                    // NG does not run on F1
        engine.runSlot()
        engine.ingest(unit(.f1User, from: cu, slot: 0))                    // slot 0 is done
        engine.ingest([0xFF, 0x00, 0x01])                                  // not a unit at all
        XCTAssertEqual(engine.io.counters.refusedByCause,
                       ["unknownPeer": 2, "wrongInterface": 1, "pastSlot": 1, "malformed": 1])
        XCTAssertTrue(role.handled.isEmpty)
        let report = engine.makeReport(complete: false, pid: 1, cpuSeconds: 0, lateSlots: 0)
        XCTAssertEqual(report.refusedUnits["unknownPeer"], 2)
    }

    /// A peer holding its own CURVE key cannot speak as another peer: the unit's header must name
    /// the node the transport authenticated.
    func testAUnitClaimingAnotherPeerThanItsKeyIsRefused() {
        engine.ingest(unit(.f1User, from: cu, slot: 0), authenticatedAs: "ru1")       // ru1's key, cu1's name
        engine.ingest(unit(.fronthaulUser, from: ru, slot: 0), authenticatedAs: "ru1") // its own name
        engine.runSlot()
        XCTAssertEqual(engine.io.counters.refusedByCause, ["impersonation": 1])
        XCTAssertEqual(role.handled.count, 1)
    }

    func testAWindowLeavesAsOneMessagePerLinkWithItsMarkerLast() throws {
        engine.runSlot()
        engine.io.send(link: 0, interface: .f1User, messageType: 1) { $0.u32(42) }
        var sent: [Int: [UInt8]] = [:]
        engine.flush(endOfWindow: 0) { link, bytes in sent[link] = bytes }
        XCTAssertEqual(Set(sent.keys), [0, 1], "every link gets its marker")
        let toCU = decodeUnits(try XCTUnwrap(sent[0])).units
        XCTAssertEqual(toCU.map(\.header.interface), [.f1User, .sync])
        XCTAssertEqual(toCU[0].header.slot, 1, "sent in slot 0 over a one-slot link")
        XCTAssertEqual(toCU[1].header.slot, 0)
        XCTAssertEqual(engine.windows, 1)
    }

    func testWarningsArePacedPerCauseAndCounted() {
        var now: UInt64 = 0
        var limiter = WarningLimiter(intervalNs: 1_000, now: { now })
        let logger = Logger(label: "test")
        for _ in 0..<100 { limiter.warn(logger, cause: "malformed", "junk") }
        limiter.warn(logger, cause: "pastSlot", "late")
        XCTAssertEqual(limiter.suppressedCounts, ["malformed": 99])
        now = 1_000
        limiter.warn(logger, cause: "malformed", "junk")
        XCTAssertEqual(limiter.suppressedCounts, [:], "the next line carries the count")
    }
}
