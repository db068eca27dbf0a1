import Interfaces
import Logging
import Scenario
import XCTest
@testable import Nodes

/// `faults:` entries applied by the sending engine: units dropped, delayed or corrupted on one
/// link for a time, from the run's seed, and counted.
final class LinkImpairmentTests: XCTestCase {
    private func engine(faults: String) throws -> NodeEngine {
        let yaml = NodeEngineTests.yaml + "\nfaults:\n" + faults
        let topology = Topology(scenario: try ScenarioLoader.load(yaml: yaml, file: "faults.yaml"))
        return NodeEngine(topology: topology, nodeName: "du1", role: RecordingRole(), logger: Logger(label: "test"))
    }

    /// The units du1 sends in its current slot, per peer, as the peer would decode them.
    private func sent(_ engine: NodeEngine) -> [String: [WireUnit]] {
        var out: [String: [WireUnit]] = [:]
        engine.flush(endOfWindow: nil) { link, bytes in
            out[engine.io.links[link].peer, default: []] += decodeUnits(bytes).units.filter { $0.header.interface != .sync }
        }
        return out
    }

    private func sendOne(_ engine: NodeEngine, to peer: String, body: [UInt8] = [1, 2, 3]) {
        let link = engine.io.link(to: peer)!
        let interface: InterfaceID = peer == "ru1" ? .fronthaulUser : .f1User
        engine.io.send(link: link, interface: interface, messageType: 1) { $0.append(contentsOf: body) }
    }

    func testDroppedUnitsNeverLeaveAndAreCounted() throws {
        let e = try engine(faults: "  - { at: 0ms, duration: 5ms, link: [du1, ru1], drop: 100 }\n")
        sendOne(e, to: "ru1")
        sendOne(e, to: "cu1")
        let out = sent(e)
        XCTAssertNil(out["ru1"], "every unit to ru1 dropped")
        XCTAssertEqual(out["cu1"]?.count, 1, "the other link is untouched")
        XCTAssertEqual(e.io.counters.impairedByKind, ["dropped": 1])
        XCTAssertEqual(e.makeReport(complete: true, pid: 1, cpuSeconds: 0, lateSlots: 0).impairedUnits, ["dropped": 1])
    }

    /// 1 ms of delay is 2 slots at 30 kHz on top of the link's one; outside the fault's time the
    /// link is itself again.
    func testDelayedUnitsArriveLaterOnlyWhileTheFaultLasts() throws {
        let e = try engine(faults: "  - { at: 0ms, duration: 1ms, link: [ru1, du1], delay: 1ms }\n")
        sendOne(e, to: "ru1")
        XCTAssertEqual(sent(e)["ru1"]?.first?.header.slot, 3)
        XCTAssertEqual(e.acceptAheadSlots, 2 * 1 + 2 + 1, "units delayed by the fault are still within the horizon")
        e.io.slot = 2
        sendOne(e, to: "ru1")
        XCTAssertEqual(sent(e)["ru1"]?.first?.header.slot, 3, "slot 2 is past the fault: one slot of delay")
    }

    func testCorruptedPayloadsKeepTheirHeader() throws {
        let e = try engine(faults: "  - { at: 0ms, duration: 5ms, link: [du1, cu1], corrupt: 100 }\n")
        sendOne(e, to: "cu1", body: [0x30, 0x01])
        let unit = try XCTUnwrap(sent(e)["cu1"]?.first)
        XCTAssertEqual(unit.header.interface, .f1User, "the header still routes the unit")
        XCTAssertEqual(Array(unit.payload), [0xCF, 0x01], "its first payload byte inverted")
        XCTAssertEqual(e.io.counters.impairedByKind, ["corrupted": 1])
    }

    /// Half the units dropped: which ones follows the seed, the same every time.
    func testDrawsFollowTheSeed() throws {
        func pattern() throws -> [Bool] {
            let e = try engine(faults: "  - { at: 0ms, duration: 5ms, link: [du1, ru1], drop: 50 }\n")
            return (0..<64).map { _ in sendOne(e, to: "ru1"); return sent(e)["ru1"] != nil }
        }
        let first = try pattern()
        XCTAssertEqual(first, try pattern())
        XCTAssertTrue(first.contains(true) && first.contains(false))
    }

    /// A frozen node runs none of its slots; what reached it meanwhile is handled when it thaws,
    /// in slot order, before the thaw slot's own units.
    func testAFrozenNodeRunsNothingAndHandlesWhatWaitedWhenItThaws() throws {
        let yaml = NodeEngineTests.yaml + "\nfaults:\n  - { at: 500us, duration: 1ms, node: du1 }\n"
        let topology = Topology(scenario: try ScenarioLoader.load(yaml: yaml, file: "freeze.yaml"))
        let role = RecordingRole()
        let e = NodeEngine(topology: topology, nodeName: "du1", role: role, logger: Logger(label: "test"))
        func unit(from source: UInt16, slot: UInt64, sequence: UInt32) -> [UInt8] {
            var w = ByteWriter()
            appendUnit(to: &w, interface: source == 1 ? .f1User : .fronthaulUser, messageType: 1, source: source, destination: 2,
                       slot: slot, sequence: sequence) { $0.u8(0) }
            return w.bytes
        }
        e.ingest(unit(from: 1, slot: 1, sequence: 0) + unit(from: 1, slot: 2, sequence: 1))
        e.ingest(unit(from: 3, slot: 3, sequence: 0))
        for _ in 0..<4 { e.runSlot() }
        XCTAssertEqual(role.slotsRun, [0, 3], "slots 1 and 2 (0.5 ms to 1.5 ms) frozen")
        XCTAssertEqual(role.handled.map(\.slot), [3, 3, 3], "the held units are handled at the thaw")
        XCTAssertEqual(role.handled.map(\.source), [1, 1, 3], "held ones first, in slot order")
        XCTAssertEqual(e.frozenSlots, 2)
        XCTAssertEqual(e.makeReport(complete: true, pid: 1, cpuSeconds: 0, lateSlots: 0).frozenSlots, 2)
    }

    func testFaultsMustNameALinkAndImpairSomething() {
        func issues(_ faults: String) -> [String] {
            do { _ = try ScenarioLoader.load(yaml: NodeEngineTests.yaml + "\nfaults:\n" + faults, file: "f.yaml"); return [] } catch {
                return (error as? ScenarioValidationError)?.issues.map(\.description) ?? ["\(error)"]
            }
        }
        XCTAssertEqual(issues("  - { at: 1ms, duration: 1ms, link: [core1, du1], drop: 5 }\n"),
                       ["faults[0].link: core1 and du1 share no link; allowed two nodes with a link between them: core-cu, cu-du, du-ru, ru-channel, channel-ue, orchestrator-cu/du/ru"])
        XCTAssertEqual(issues("  - { at: 1ms, duration: 1ms, link: [cu1, du1] }\n"),
                       ["faults[0].drop: the fault impairs nothing; allowed drop, corrupt, delay or jitter above 0"])
        XCTAssertEqual(issues("  - { at: 1ms, duration: 1ms, link: [air, ues], jitter: 2ms }\n"), [])
        XCTAssertEqual(issues("  - { at: 1ms, duration: 1ms, node: du1 }\n"), [])
        XCTAssertEqual(issues("  - { at: 1ms, duration: 1ms, node: du1, drop: 5 }\n"),
                       ["faults[0].node: a frozen node takes no drop, corrupt, delay or jitter; allowed those on a link fault"])
        XCTAssertEqual(issues("  - { at: 1ms, duration: 1ms }\n"),
                       ["faults[0].at: the fault names no link and no node; allowed link: [a, b] or node: name"])
    }
}
