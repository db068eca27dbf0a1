import Interfaces
import Logging
import Scenario
import XCTest
@testable import Nodes

/// One role driven through a ``NodeEngine`` with no socket and no clock: encoded units go in
/// from named peers, slots run one at a time, and what the role sends comes back decoded,
/// by peer. Nothing sleeps; a slot costs microseconds.
final class RoleHarness {
    /// A unit the role sent, with the peer it is for.
    struct Sent {
        var peer: String
        var unit: WireUnit
        var interface: InterfaceID { unit.header.interface }
        var messageType: UInt8 { unit.header.messageType }
    }

    let topology: Topology
    let engine: NodeEngine
    private var sequence: [String: UInt32] = [:]

    /// - Parameters:
    ///   - yaml: The scenario, validated as a scenario file would be.
    ///   - node: The node whose role is under test.
    init(yaml: String, node: String, file: StaticString = #filePath, line: UInt = #line) throws {
        let scenario: Scenario
        do {
            scenario = try ScenarioLoader.load(yaml: yaml, file: "<test>")
        } catch {
            XCTFail("\(error)", file: file, line: line)
            throw error
        }
        topology = Topology(scenario: scenario)
        let role = try NodeFactory.makeBehavior(topology: topology, nodeName: node)
        engine = NodeEngine(topology: topology, nodeName: node, role: role,
                            logger: Logger(label: node, factory: { _ in SwiftLogNoOpLogHandler() }))
    }

    var role: NodeBehavior { engine.role }
    /// The slot `runSlot()` runs next.
    var slot: UInt64 { engine.nextSlot }

    /// Delivers one unit from `peer`, to be handled in the next slot run.
    func deliver(from peer: String, interface: InterfaceID, messageType: UInt8, flags: UInt8 = 0,
                 payload: (inout ByteWriter) -> Void) {
        var w = ByteWriter(capacity: 256)
        let n = sequence[peer, default: 0]
        sequence[peer] = n &+ 1
        appendUnit(to: &w, interface: interface, messageType: messageType, flags: flags, source: topology.nodeIndex(peer),
                   destination: topology.nodeIndex(engine.nodeName), slot: slot, sequence: n, payload: payload)
        engine.ingest(w.bytes)
    }

    /// Delivers a control message (JSON body) from `peer`.
    func deliver<M: ControlMessage>(_ message: M, from peer: String) {
        let body = ControlCodec.encode(message)
        deliver(from: peer, interface: M.interface, messageType: M.messageType) { $0.append(contentsOf: body) }
    }

    /// Runs one slot and returns what the role sent in it.
    @discardableResult
    func runSlot() -> [Sent] {
        engine.runSlot()
        return flush()
    }

    /// What the role has sent since the last flush (setup messages go out before any slot).
    func flush() -> [Sent] {
        var sent: [Sent] = []
        let links = topology.links(of: engine.nodeName)
        engine.flush(endOfWindow: nil) { link, bytes in
            let (units, error) = decodeUnits(bytes)
            XCTAssertNil(error, "the role's units decode")
            sent += units.map { Sent(peer: links[link].peer, unit: $0) }
        }
        return sent
    }

    /// The setup requests the role sends (first attempt or retry); a refusal of its own is in
    /// `engine.setupFailure`.
    func sendSetupRequests() -> [Sent] {
        engine.sendSetupRequests()
        return flush()
    }

    /// Runs slots until `match` returns a value (at most `limit` slots).
    func runUntil<T>(limit: Int = 40, _ match: ([Sent]) -> T?) -> T? {
        for _ in 0..<limit {
            if let found = match(runSlot()) { return found }
        }
        return nil
    }
}

extension RoleHarness.Sent {
    /// The control message, when the unit is one of type `M`.
    func control<M: ControlMessage>(_ type: M.Type) -> M? {
        guard interface == M.interface, messageType == M.messageType else { return nil }
        return try? ControlCodec.decode(type, from: unit.payload)
    }

    /// The air frame of a fronthaul U-plane unit (DU <-> RU).
    var fronthaulFrame: AirFrame? {
        guard interface == .fronthaulUser else { return nil }
        var r = ByteReader(Array(unit.payload))
        guard (try? UserPlaneMessage.decodeHeaders(from: &r)) != nil else { return nil }
        return try? AirFrame.decode(from: &r)
    }

    /// The air frame of an AIR unit (channel <-> RU or UE node).
    var airFrame: AirFrame? {
        guard interface == .air else { return nil }
        var r = ByteReader(Array(unit.payload))
        return try? AirFrame.decode(from: &r)
    }

    /// The GTP-U packet of a user-plane unit (N3 or F1-U).
    var gtpu: GTPUPacket? {
        guard interface == .ngUser || interface == .f1User, messageType == UserPlaneMessageType.gpdu else { return nil }
        var r = ByteReader(Array(unit.payload))
        return try? GTPUPacket.decode(from: &r)
    }
}

extension Array where Element == RoleHarness.Sent {
    /// What went to one peer.
    func to(_ peer: String) -> [RoleHarness.Sent] { filter { $0.peer == peer } }

    /// The control messages of type `M` among them.
    func controls<M: ControlMessage>(_ type: M.Type) -> [M] { compactMap { $0.control(type) } }
}
