import Interfaces
import XCTest
@testable import Nodes

/// The DU role alone: F1 and fronthaul units in, the units it sends out, slot by slot.
final class DURoleTests: XCTestCase {
    /// One DU with two 51-PRB DDDSU cells (256QAM tables); UE 0 lives in cell1, UE 1 in cell2.
    static let yaml = """
        name: du-role
        duration: 200ms
        seed: 3
        numerology: 1
        links: { ng: 1ms, f1: 500us, fronthaul: 100us, air: 1us }
        vendors:
          - { name: v }
        nodes:
          - { name: core1, role: core, vendor: v }
          - { name: cu1, role: cu, vendor: v, core: core1 }
          - { name: du1, role: du, vendor: v, cu: cu1 }
          - { name: ru1, role: ru, vendor: v, du: du1 }
          - { name: ru2, role: ru, vendor: v, du: du1 }
          - { name: air, role: channel }
          - { name: ues, role: ue }
        cells:
          - { name: cell1, du: du1, ru: ru1, prbs: 51, position: [0, 0, 25] }
          - { name: cell2, du: du1, ru: ru2, prbs: 51, position: [500, 0, 25] }
        ueGroups:
          - { name: a, count: 1, cell: cell1, placement: { kind: ring, radiusM: 100 } }
          - { name: b, count: 1, cell: cell2, placement: { kind: ring, radiusM: 100 } }
        """

    // MARK: Inputs

    /// The CU sets up the UE's context (registration in its home cell).
    func admit(_ h: RoleHarness, ue: UInt32) {
        h.deliver(UEContextSetupRequest(duUeId: ue, cuUeId: ue, uplinkTEID: TEIDPlan.cuUplink(ue),
                                        rrc: RRCMessage(kind: .reconfiguration, ueId: ue)), from: "cu1")
    }

    /// A downlink SDU from the CU on F1-U.
    func downlinkSDU(_ h: RoleHarness, ue: UInt32, sequence: UInt32, bytes: Int) {
        let packet = UserPacket(ueId: ue, sequence: sequence, createdNs: 0, sizeBytes: bytes, sourceIP: 0x0A00_0001,
                                destinationIP: 0x0A2D_0002 + ue)
        let gtp = GTPUPacket(teid: TEIDPlan.duDownlink(ue), pdcpNumber: UInt16(sequence), packet: packet)
        h.deliver(from: "cu1", interface: .f1User, messageType: UserPlaneMessageType.gpdu, flags: WireHeader.flagSyntheticPayload) {
            gtp.encode(into: &$0)
        }
    }

    /// An uplink frame from a cell's RU (fronthaul U-plane).
    func uplink(_ h: RoleHarness, from ru: String, _ frame: AirFrame) {
        let message = UserPlaneMessage(downlink: false, timing: FrameTiming(slot: h.slot, numerology: 1), numPRBs: 51, frame: frame)
        h.deliver(from: ru, interface: .fronthaulUser, messageType: FronthaulMessageType.uplink) { message.encode(into: &$0) }
    }

    func harqFeedback(_ h: RoleHarness, ue: UInt32, process: UInt8, ack: Bool, from ru: String = "ru2") {
        var frame = AirFrame()
        frame.uplinkControl = [UplinkControl(ueId: ue, harqAcks: [.init(harqProcess: process, ack: ack)])]
        uplink(h, from: ru, frame)
    }

    /// Downlink blocks for `ue` in the frames sent to `ru`.
    func blocks(_ sent: [RoleHarness.Sent], to ru: String, ue: UInt32) -> [TransportBlock] {
        sent.to(ru).compactMap(\.fronthaulFrame).flatMap(\.transportBlocks).filter { $0.ueId == ue }
    }

    /// Admits UE 1, queues an 800-byte SDU and runs slot 0 (a D slot): its first block.
    func firstBlock(_ h: RoleHarness) throws -> TransportBlock {
        admit(h, ue: 1)
        downlinkSDU(h, ue: 1, sequence: 0, bytes: 800)
        return try XCTUnwrap(blocks(h.runSlot(), to: "ru2", ue: 1).first)
    }

    // MARK: Scheduling

    func testQueuedF1DataGetsADownlinkBlockInItsCellsFrame() throws {
        let h = try RoleHarness(yaml: Self.yaml, node: "du1")
        admit(h, ue: 1)
        downlinkSDU(h, ue: 1, sequence: 0, bytes: 800)
        let sent = h.runSlot()
        XCTAssertEqual(sent.to("cu1").controls(UEContextSetupResponse.self),
                       [UEContextSetupResponse(duUeId: 1, cuUeId: 1, downlinkTEID: TEIDPlan.duDownlink(1))])
        XCTAssertTrue(sent.to("ru1").isEmpty, "cell1 has no UE: its RU gets nothing")
        let frame = try XCTUnwrap(sent.to("ru2").compactMap(\.fronthaulFrame).first)
        XCTAssertEqual(frame.transportBlocks.count, 1)
        let tb = try XCTUnwrap(frame.transportBlocks.first)
        XCTAssertEqual(tb.ueId, 1)
        XCTAssertEqual(tb.cell, 1, "cell2's index in the scenario")
        XCTAssertFalse(tb.isUplink)
        XCTAssertEqual(tb.transmission, 1)
        XCTAssertEqual(tb.segments.map(\.sequence), [0])
        XCTAssertEqual(tb.segments.map(\.length), [800], "the whole SDU fits the block")
        XCTAssertEqual(frame.rrc.map(\.ueId), [1], "the RRC reconfiguration goes out on the UE's cell")
        XCTAssertTrue(sent.to("ru2").contains { $0.interface == .fronthaulControl }, "C-plane sections announce the PRBs")
    }

    // MARK: HARQ

    func testANACKLeadsToARetransmissionOfTheSameBlock() throws {
        let h = try RoleHarness(yaml: Self.yaml, node: "du1")
        let first = try firstBlock(h)
        harqFeedback(h, ue: 1, process: first.harqProcess, ack: false)
        let retx = try XCTUnwrap(h.runUntil { blocks($0, to: "ru2", ue: 1).first })
        XCTAssertEqual(retx.harqProcess, first.harqProcess)
        XCTAssertEqual(retx.flags & TransportBlock.flagRetransmission, TransportBlock.flagRetransmission)
        XCTAssertEqual(retx.transmission, 2)
        XCTAssertEqual(retx.tbsBytes, first.tbsBytes)
        XCTAssertEqual(retx.segments, first.segments, "the same RLC segments")
    }

    func testAnACKFreesTheBlock() throws {
        let h = try RoleHarness(yaml: Self.yaml, node: "du1")
        let first = try firstBlock(h)
        let du = try XCTUnwrap(h.role as? DUNode)
        let at = try XCTUnwrap(du.ueLocation[1])
        XCTAssertEqual(du.cells[at.cell].downlinkHARQ.block(ue: at.index, process: Int(first.harqProcess)), first)
        harqFeedback(h, ue: 1, process: first.harqProcess, ack: true)
        // A NACK would bring the block back in the next downlink slot (the test above).
        let later = (0..<30).flatMap { _ in h.runSlot() }
        XCTAssertNil(du.cells[at.cell].downlinkHARQ.block(ue: at.index, process: Int(first.harqProcess)))
        XCTAssertEqual(blocks(later, to: "ru2", ue: 1), [], "nothing to retransmit")
    }

    // MARK: E2 latency

    /// With an orchestrator, the DU reports each SDU's downlink latency for E2 when the UE
    /// acknowledges its block: up to the arrival of the transmission that decoded, so the HARQ
    /// retransmission delay is in it, as in the latency the UE measures.
    func testE2LatencyIsMeasuredAtDeliveryAfterARetransmission() throws {
        let yaml = Self.yaml
            .replacingOccurrences(of: "links: { ng: 1ms, f1: 500us, fronthaul: 100us, air: 1us }",
                                  with: "links: { ng: 1ms, f1: 500us, fronthaul: 100us, air: 1us, e2: 5ms }\norchestrator: { policy: static, period: 100ms }")
            .replacingOccurrences(of: "  - { name: ues, role: ue }", with: "  - { name: ues, role: ue }\n  - { name: smo, role: orchestrator }")
        let h = try RoleHarness(yaml: yaml, node: "du1")
        let du = try XCTUnwrap(h.role as? DUNode)
        let first = try firstBlock(h)
        let at = try XCTUnwrap(du.ueLocation[1])
        let latencies = { du.cells[at.cell].period.sliceLatencyNs.reduce(0) { $0 + $1.count } }
        XCTAssertEqual(latencies(), 0, "nothing is delivered before the UE acknowledges")
        harqFeedback(h, ue: 1, process: first.harqProcess, ack: false)
        var retxSlot: UInt64 = 0
        let retx = try XCTUnwrap(h.runUntil { sent -> TransportBlock? in
            retxSlot = h.slot - 1
            return blocks(sent, to: "ru2", ue: 1).first
        })
        XCTAssertEqual(retx.transmission, 2)
        XCTAssertEqual(latencies(), 0, "a NACK delivers nothing")
        harqFeedback(h, ue: 1, process: first.harqProcess, ack: true)
        _ = h.runSlot()
        let histogram = try XCTUnwrap(du.cells[at.cell].period.sliceLatencyNs.first { $0.count > 0 })
        XCTAssertEqual(histogram.count, 1)
        // The SDU was created at 0; the retransmission reaches the UE fronthaul + air after its slot.
        let expectedNs = h.topology.slotStartNs(retxSlot) + du.downstreamNs
        XCTAssertGreaterThan(retxSlot, 0)
        XCTAssertEqual(Double(histogram.value(atPercentile: 100)), Double(expectedNs), accuracy: Double(expectedNs) * 0.01)
    }

    // MARK: Uplink link adaptation

    /// UE 1 reports a large uplink buffer and is granted the whole cell at the UL CQI its DL CQI
    /// gives. Its PUSCH is then measured at -5 dB over those 51 PRBs: 12.08 dB on one PRB, so
    /// 10^((12.08 - 3) / 10) = 8.1 PRBs are worth granting (3 dB floor), at 12.08 - 10 log10(8)
    /// = 3.05 dB, a lower CQI and MCS.
    func testLowMeasuredPUSCHSINRLowersTheUEsGrantedPRBsAndMCS() throws {
        let h = try RoleHarness(yaml: Self.yaml, node: "du1")
        admit(h, ue: 1)
        var bsr = AirFrame()
        bsr.uplinkControl = [UplinkControl(ueId: 1, bufferBytes: 200_000)]
        uplink(h, from: "ru2", bsr)
        func grant(_ sent: [RoleHarness.Sent]) -> UplinkGrant? {
            sent.to("ru2").compactMap(\.fronthaulFrame).flatMap(\.uplinkGrants).first { $0.ueId == 1 && !$0.retransmission }
        }
        let before = try XCTUnwrap(h.runUntil(grant))
        XCTAssertEqual(before.numPRBs, 51)
        var pusch = AirFrame()
        pusch.transportBlocks = [TransportBlock(ueId: 1, cell: 1, harqProcess: before.harqProcess,
                                                flags: TransportBlock.flagUplink | TransportBlock.flagDecoded, mcs: before.mcs,
                                                startPRB: before.startPRB, numPRBs: before.numPRBs, tbsBytes: before.tbsBytes,
                                                sinrCentiDb: -500, segments: [])]
        uplink(h, from: "ru2", pusch)
        let after = try XCTUnwrap(h.runUntil(grant))
        XCTAssertEqual(after.numPRBs, 8)
        XCTAssertLessThan(after.mcs, before.mcs)
    }
}
