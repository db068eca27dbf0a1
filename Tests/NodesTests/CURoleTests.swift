import Interfaces
import XCTest
@testable import Nodes

/// The CU role alone: the inter-DU handover it runs when the orchestrator steers UEs
/// between cells of two of its DUs.
final class CURoleTests: XCTestCase {
    /// One CU over two DUs with a cell each, neighbours of each other; two UEs in cell1.
    static let yaml = """
        name: cu-role
        duration: 200ms
        seed: 5
        numerology: 1
        links: { ng: 1ms, f1: 500us, fronthaul: 100us, air: 1us, e2: 5ms }
        vendors:
          - { name: v }
        orchestrator: { policy: static, period: 100ms }
        nodes:
          - { name: core1, role: core, vendor: v }
          - { name: cu1, role: cu, vendor: v, core: core1 }
          - { name: du1, role: du, vendor: v, cu: cu1 }
          - { name: du2, role: du, vendor: v, cu: cu1 }
          - { name: ru1, role: ru, vendor: v, du: du1 }
          - { name: ru2, role: ru, vendor: v, du: du2 }
          - { name: air, role: channel }
          - { name: ues, role: ue }
          - { name: smo, role: orchestrator }
        cells:
          - { name: cell1, du: du1, ru: ru1, position: [0, 0, 25], neighbours: [cell2] }
          - { name: cell2, du: du2, ru: ru2, position: [300, 0, 25], neighbours: [cell1] }
        ueGroups:
          - { name: a, count: 2, cell: cell1, placement: { kind: ring, radiusM: 100 } }
        """

    /// Registration of a UE in cell1 up to its PDU session: its context at the CU points at du1.
    func register(_ h: RoleHarness, ue: UInt32) {
        h.deliver(InitialULRRCMessageTransfer(duUeId: ue, cell: "cell1",
                                              rrc: RRCMessage(kind: .setupRequest, ueId: ue, supi: "imsi-00101000000000\(ue)")),
                  from: "du1")
        h.runSlot()
        h.deliver(PDUSessionResourceSetupRequest(ranUeId: ue, amfUeId: ue, ueIPv4: 0x0A2D_0002 + ue, uplinkTEID: TEIDPlan.coreUplink(ue)),
                  from: "core1")
        h.runSlot()
        h.deliver(UEContextSetupResponse(duUeId: ue, cuUeId: ue, downlinkTEID: TEIDPlan.duDownlink(ue)), from: "du1")
        h.runSlot()
    }

    func downlinkPacket(_ h: RoleHarness, ue: UInt32) {
        let packet = UserPacket(ueId: ue, sequence: 0, createdNs: 0, sizeBytes: 1000, sourceIP: 0x0A00_0001, destinationIP: 0x0A2D_0002 + ue)
        let gtp = GTPUPacket(teid: TEIDPlan.cuDownlink(ue), packet: packet)
        h.deliver(from: "core1", interface: .ngUser, messageType: UserPlaneMessageType.gpdu, flags: WireHeader.flagSyntheticPayload) {
            gtp.encode(into: &$0)
        }
    }

    func testSteeringBetweenTwoDUsRunsAnInterDUHandover() throws {
        let h = try RoleHarness(yaml: Self.yaml, node: "cu1")
        register(h, ue: 0)
        register(h, ue: 1)
        let applyAt = h.slot
        h.deliver(RCControlRequest(actionId: 7, targetNode: "cu1", applyAtSlot: applyAt,
                                   action: .steerUEs(fromCell: "cell1", toCell: "cell2", count: 1), reason: "test"), from: "smo")
        let steered = h.runSlot()
        // The target DU admits the UE first, in the cell named.
        let setup = steered.to("du2").controls(UEContextSetupRequest.self)
        XCTAssertEqual(setup.count, 1, "count 1: one UE moves")
        XCTAssertEqual(setup.first?.duUeId, 0, "the lowest id first among UEs of equal preference")
        XCTAssertEqual(setup.first?.targetCell, "cell2")
        XCTAssertEqual(setup.first?.rrc.kind, .reconfiguration)
        XCTAssertEqual(setup.first?.rrc.cell, 1, "cell2's index")
        XCTAssertEqual(steered.to("du1").controls(UEContextModificationRequest.self), [], "the source waits for the target")
        XCTAssertEqual(steered.to("smo").controls(RCControlAck.self), [RCControlAck(actionId: 7, accepted: true, appliedAtSlot: applyAt)])

        // The target answers: the source DU gets the UE's reconfiguration and releases it.
        h.deliver(UEContextSetupResponse(duUeId: 0, cuUeId: 0, downlinkTEID: TEIDPlan.duDownlink(0)), from: "du2")
        let switched = h.runSlot()
        let release = switched.to("du1").controls(UEContextModificationRequest.self)
        XCTAssertEqual(release.map(\.duUeId), [0])
        XCTAssertEqual(release.first?.rrc.cell, 1)
        XCTAssertEqual(switched.to("core1").controls(PDUSessionResourceSetupResponse.self), [], "a handover is no new session")

        // The downlink path has switched for UE 0 only.
        downlinkPacket(h, ue: 0)
        downlinkPacket(h, ue: 1)
        let data = h.runSlot()
        XCTAssertEqual(data.to("du2").compactMap(\.gtpu).map(\.packet.ueId), [0])
        XCTAssertEqual(data.to("du1").compactMap(\.gtpu).map(\.packet.ueId), [1])
        XCTAssertEqual(h.engine.makeReport(complete: true, pid: 0, cpuSeconds: 0, lateSlots: 0).interDUHandovers, 1)
    }
}
