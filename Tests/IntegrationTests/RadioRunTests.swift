import Foundation
import XCTest

/// The radio model and scheduler in the running system: peak rate, fairness, slices.
final class RadioRunTests: XCTestCase {
    /// One cell, one DU chain; `cell` and `groups` are YAML fragments.
    static func scenario(name: String, duration: String = "1s", cell: String, groups: String, slices: String = "") -> String {
        """
        name: \(name)
        duration: \(duration)
        seed: 3
        numerology: 1
        capture: { enabled: false }
        vendors: [ { name: acme } ]
        nodes:
          - { name: core1, role: core, vendor: acme }
          - { name: cu1, role: cu, vendor: acme, core: core1 }
          - { name: du1, role: du, vendor: acme, cu: cu1 }
          - { name: ru1, role: ru, vendor: acme, du: du1 }
          - { name: air, role: channel }
          - { name: ues, role: ue }
        cells:
          - { name: cell1, du: du1, ru: ru1, \(cell) }
        \(slices)
        ueGroups:
        \(groups)
        """
    }

    func run(_ yaml: String, _ name: String) throws -> [String: Any] {
        let dir = B5G.temporaryDirectory(name)
        try yaml.write(toFile: "\(dir)/s.yaml", atomically: true, encoding: .utf8)
        let r = try B5G.run(["run", "\(dir)/s.yaml", "--out", "\(dir)/run", "--quiet", "--in-process"], timeoutS: 300)
        XCTAssertEqual(r.status, 0, r.stdout + r.stderr)
        return try B5G.summary("\(dir)/run")
    }

    func testSingleUEReachesTheTS38214Peak() throws {
        // 100 MHz at 30 kHz, 256QAM, 4 ports, one UE 30 m from the RU in line of sight: rank 4 and
        // MCS 27 in every slot.
        let yaml = Self.scenario(name: "peak", cell: "prbs: 273, duplex: fdd, mcsTable: qam256, lineOfSight: always, shadowing: false",
                                 groups: "  - { name: ue, count: 1, cell: cell1, placement: { kind: ring, radiusM: 30 }, downlink: { kind: fullBuffer, packetBytes: 1500 } }")
        let s = try run(yaml, "peak")
        let cell = try XCTUnwrap((s["cells"] as? [[String: Any]])?.first)
        let peak = try XCTUnwrap(cell["expectedPeakDownlinkMbps"] as? Double)
        let ue = try XCTUnwrap((s["ues"] as? [[String: Any]])?.first?["downlink"] as? [String: Any])
        let measured = try XCTUnwrap(ue["throughputMbps"] as? Double)
        // TS 38.214 5.1.3.2: MCS 27 (table 2), 273 PRBs, 12 symbols, 12 DMRS REs, 4 layers -> TBS
        // 1081512 bits (one layer: 270576), 2000 slots/s.
        XCTAssertEqual(peak, 2163.024, accuracy: 0.001)
        let mac = try XCTUnwrap(cell["mac"] as? [String: Any])
        XCTAssertEqual(mac["meanDLRank"] as? Double ?? 0, 4, accuracy: 0.1, "the UE reports rank 4 at its SINR (rank 1 until its first CSI)")
        // Below the peak by what the peak leaves out: SSB bursts (20 of 273 PRBs in 4 slots of
        // 40, 0.7 %), CSI-RS and TRS REs (0.1 %) and the first CSI period at rank 1 (up to 1 %).
        XCTAssertGreaterThanOrEqual(measured, 0.95 * peak, "measured \(measured) Mbps vs TS 38.214 peak \(peak) Mbps")
        XCTAssertLessThanOrEqual(measured, peak * 1.001)
    }

    func testEqualUEsShareFairlyUnderProportionalFair() throws {
        let yaml = Self.scenario(name: "fair", cell: "prbs: 51, scheduler: pf, lineOfSight: never, shadowing: false, maxGrantsDL: 4",
                                 groups: "  - { name: ue, count: 8, cell: cell1, placement: { kind: ring, radiusM: 150 }, downlink: { kind: fullBuffer } }")
        let s = try run(yaml, "fair")
        let cell = try XCTUnwrap((s["cells"] as? [[String: Any]])?.first)
        XCTAssertGreaterThanOrEqual(cell["downlinkFairness"] as? Double ?? 0, 0.99)
        XCTAssertGreaterThan(cell["downlinkPRBUtilization"] as? Double ?? 0, 0.9, "full buffer saturates the cell")
    }

    func testURLLCSliceMeetsItsTargetWhileEMBBSaturates() throws {
        let s = try run(try String(contentsOf: B5G.repositoryRoot.appendingPathComponent("Scenarios/slicing.yaml"), encoding: .utf8)
                            .replacingOccurrences(of: "duration: 2s", with: "duration: 1s"), "slicing")
        let slices = try XCTUnwrap(s["slices"] as? [[String: Any]])
        let urllc = try XCTUnwrap(slices.first { $0["name"] as? String == "urllc" })
        XCTAssertEqual(urllc["latencyTargetMet"] as? Bool, true)
        let cell = try XCTUnwrap((s["cells"] as? [[String: Any]])?.first)
        XCTAssertGreaterThan(cell["downlinkPRBUtilization"] as? Double ?? 0, 0.9, "eMBB saturates the cell")
    }
}
