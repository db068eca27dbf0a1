import Interfaces
import XCTest
@testable import Nodes

/// G-PDUs whose TEID names no session, or that come from a peer that is not the session's,
/// are refused as `unknownTEID` (not as malformed) and never forwarded.
final class UnknownTEIDTests: XCTestCase {
    func gpdu(_ h: RoleHarness, from peer: String, interface: InterfaceID, ue: UInt32, teid: UInt32) {
        let packet = UserPacket(ueId: ue, sequence: 0, createdNs: 0, sizeBytes: 1000, sourceIP: 0x0A00_0001, destinationIP: 0x0A2D_0002 + ue)
        let gtp = GTPUPacket(teid: teid, packet: packet)
        h.deliver(from: peer, interface: interface, messageType: UserPlaneMessageType.gpdu, flags: WireHeader.flagSyntheticPayload) {
            gtp.encode(into: &$0)
        }
    }

    func refused(_ h: RoleHarness) -> [String: UInt64] {
        h.engine.makeReport(complete: true, pid: 0, cpuSeconds: 0, lateSlots: 0).refusedUnits
    }

    func testCURefusesForgedTEIDsAndF1UFromAnotherDU() throws {
        let h = try RoleHarness(yaml: CURoleTests.yaml, node: "cu1")
        h.deliver(InitialULRRCMessageTransfer(duUeId: 0, cell: "cell1",
                                              rrc: RRCMessage(kind: .setupRequest, ueId: 0, supi: "imsi-001010000000000")), from: "du1")
        h.runSlot()
        h.deliver(PDUSessionResourceSetupRequest(ranUeId: 0, amfUeId: 0, ueIPv4: 0x0A2D_0002, uplinkTEID: TEIDPlan.coreUplink(0)),
                  from: "core1")
        h.runSlot()
        h.deliver(UEContextSetupResponse(duUeId: 0, cuUeId: 0, downlinkTEID: TEIDPlan.duDownlink(0)), from: "du1")
        h.runSlot()
        // The genuine packet passes.
        gpdu(h, from: "core1", interface: .ngUser, ue: 0, teid: TEIDPlan.cuDownlink(0))
        XCTAssertEqual(h.runSlot().to("du1").compactMap(\.gtpu).map(\.packet.ueId), [0])
        XCTAssertEqual(refused(h), [:])
        // A TEID of no session (UE 1 never registered), and UE 0's packet with another TEID.
        gpdu(h, from: "core1", interface: .ngUser, ue: 1, teid: TEIDPlan.cuDownlink(1))
        gpdu(h, from: "core1", interface: .ngUser, ue: 0, teid: TEIDPlan.cuUplink(0))
        // UE 0's real uplink TEID, but from du2, which does not serve it.
        gpdu(h, from: "du2", interface: .f1User, ue: 0, teid: TEIDPlan.cuUplink(0))
        let sent = h.runSlot()
        XCTAssertEqual(sent.compactMap(\.gtpu).count, 0, "nothing forged is forwarded")
        XCTAssertEqual(refused(h), ["unknownTEID": 3])
        // The same uplink from du1 passes.
        gpdu(h, from: "du1", interface: .f1User, ue: 0, teid: TEIDPlan.cuUplink(0))
        XCTAssertEqual(h.runSlot().to("core1").compactMap(\.gtpu).map(\.packet.ueId), [0])
        XCTAssertEqual(refused(h), ["unknownTEID": 3])
    }

    func testCoreRefusesUplinkFromACUThatIsNotTheSessions() throws {
        let yaml = CURoleTests.yaml.replacingOccurrences(of: "  - { name: du2, role: du, vendor: v, cu: cu1 }",
                                                         with: "  - { name: cu2, role: cu, vendor: v, core: core1 }\n  - { name: du2, role: du, vendor: v, cu: cu2 }")
            .replacingOccurrences(of: ", neighbours: [cell2]", with: "").replacingOccurrences(of: ", neighbours: [cell1]", with: "")
        XCTAssertNotEqual(yaml, CURoleTests.yaml)
        let h = try RoleHarness(yaml: yaml, node: "core1")
        h.deliver(InitialUEMessage(ranUeId: 0, supi: "imsi-001010000000000", cell: "cell1"), from: "cu1")
        h.runSlot()
        gpdu(h, from: "cu2", interface: .ngUser, ue: 0, teid: TEIDPlan.coreUplink(0))
        gpdu(h, from: "cu1", interface: .ngUser, ue: 7, teid: TEIDPlan.coreUplink(7))
        gpdu(h, from: "cu1", interface: .ngUser, ue: 0, teid: TEIDPlan.coreUplink(0))
        h.runSlot()
        let report = h.engine.makeReport(complete: true, pid: 0, cpuSeconds: 0, lateSlots: 0)
        XCTAssertEqual(report.refusedUnits, ["unknownTEID": 2])
        XCTAssertEqual(report.flows.first { $0.ueId == 0 && $0.direction == .uplink }?.receivedPackets, 1, "the session's CU only")
    }

    func testDURefusesDownlinkForAUEItDoesNotServe() throws {
        let h = try RoleHarness(yaml: CURoleTests.yaml, node: "du1")
        gpdu(h, from: "cu1", interface: .f1User, ue: 0, teid: TEIDPlan.duDownlink(0))
        gpdu(h, from: "cu1", interface: .f1User, ue: 0, teid: TEIDPlan.cuDownlink(0))
        h.runSlot()
        XCTAssertEqual(refused(h), ["unknownTEID": 2])
    }
}
