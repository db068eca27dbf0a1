import Interfaces
import XCTest
@testable import Nodes

/// The channel role alone: air frames in from RUs and the UE node, frames out with each
/// block's SINR and HARQ outcome.
final class ChannelRoleTests: XCTestCase {
    /// Two 51-PRB cells 600 m apart on one carrier, line of sight and no shadowing, so path
    /// loss grows with distance only. UE 0 (near) is 50 m from cell1, UE 1 (far) 400 m,
    /// both served by cell1; UE 2 is 50 m from cell2 and served by it.
    static let yaml = """
        name: channel-role
        duration: 200ms
        seed: 11
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
          - { name: cell1, du: du1, ru: ru1, prbs: 51, position: [0, 0, 25], lineOfSight: always, shadowing: false }
          - { name: cell2, du: du1, ru: ru2, prbs: 51, position: [600, 0, 25], lineOfSight: always, shadowing: false }
        ueGroups:
          - { name: near, count: 1, cell: cell1, placement: { kind: ring, radiusM: 50 } }
          - { name: far, count: 1, cell: cell1, placement: { kind: ring, radiusM: 400 } }
          - { name: other, count: 1, cell: cell2, placement: { kind: ring, radiusM: 50 } }
        """

    func block(ue: UInt32, cell: UInt16, startPRB: UInt16, uplink: Bool = false) -> TransportBlock {
        TransportBlock(ueId: ue, cell: cell, harqProcess: 0, flags: uplink ? TransportBlock.flagUplink : 0, mcs: 5,
                       startPRB: startPRB, numPRBs: 10, tbsBytes: 500, segments: [])
    }

    func send(_ h: RoleHarness, _ blocks: [TransportBlock], from peer: String, type: UInt8) {
        var frame = AirFrame()
        frame.transportBlocks = blocks
        h.deliver(from: peer, interface: .air, messageType: type) { frame.encode(into: &$0) }
    }

    /// Blocks of the frames sent to `peer`, by UE.
    func received(_ sent: [RoleHarness.Sent], at peer: String) -> [UInt32: TransportBlock] {
        let blocks = sent.to(peer).compactMap(\.airFrame).flatMap(\.transportBlocks)
        return Dictionary(blocks.map { ($0.ueId, $0) }, uniquingKeysWith: { a, _ in a })
    }

    /// Fractional power control (alpha 0.8) compensates only part of the far UE's extra path
    /// loss: its PUSCH arrives at cell1 with a lower SINR than the near UE's (18.0 against
    /// 14.2 dB here), on PRBs no other cell's UE uses. At MCS 15 (256QAM table), which needs
    /// about 16 dB, the near UE's blocks decode and the far UE's do not, slot after slot.
    func testABlockFromAFarUEDecodesWorseThanFromANearUE() throws {
        let h = try RoleHarness(yaml: Self.yaml, node: "air")
        for _ in 0..<10 {
            var near = block(ue: 0, cell: 0, startPRB: 0, uplink: true), far = block(ue: 1, cell: 0, startPRB: 20, uplink: true)
            near.mcs = 15; far.mcs = 15
            send(h, [near, far], from: "ues", type: AirMessageType.uplinkFrame)
            let atRU = received(h.runSlot(), at: "ru1")
            let n = try XCTUnwrap(atRU[0]), f = try XCTUnwrap(atRU[1])
            XCTAssertGreaterThan(n.sinrCentiDb, f.sinrCentiDb + 300, "at least 3 dB apart")
            XCTAssertTrue(n.isDecoded)
            XCTAssertFalse(f.isDecoded)
        }
    }

    /// cell2 sending on the same PRBs as cell1's block to the near UE lowers its SINR; on other
    /// PRBs it changes nothing.
    func testInterferenceFromAnotherCellsOverlappingPRBsLowersSINR() throws {
        let h = try RoleHarness(yaml: Self.yaml, node: "air")
        func sinr(interferer: UInt16?) throws -> Int16 {
            send(h, [block(ue: 0, cell: 0, startPRB: 0)], from: "ru1", type: AirMessageType.downlinkFrame)
            if let start = interferer { send(h, [block(ue: 2, cell: 1, startPRB: start)], from: "ru2", type: AirMessageType.downlinkFrame) }
            return try XCTUnwrap(received(h.runSlot(), at: "ues")[0]).sinrCentiDb
        }
        let alone = try sinr(interferer: nil)
        let overlapping = try sinr(interferer: 0)
        let halfOverlapping = try sinr(interferer: 5)
        let beside = try sinr(interferer: 10)
        XCTAssertLessThan(overlapping, alone - 300, "more than 3 dB lower")
        XCTAssertLessThan(overlapping, halfOverlapping, "half the overlap, half the interference")
        XCTAssertLessThan(halfOverlapping, alone)
        XCTAssertEqual(beside, alone, "adjacent PRBs do not interfere")
    }
}
