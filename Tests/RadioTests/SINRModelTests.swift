import XCTest
@testable import Radio

/// Numbers by hand: 1 MHz per PRB and a 4 dB noise figure give -174 + 60 + 4 = -110 dBm
/// (1e-11 mW) of noise per PRB. Cells of 40 dBm over 100 PRBs send 20 dBm per PRB.
final class SINRModelTests: XCTestCase {
    static let prbHz = 1e6

    static func model(gains: [[Double]], cells: [RadioCell]? = nil) -> SINRModel {
        let cells = cells ?? [RadioCell(carrierGHz: 3.5, prbs: 100, txPowerDbm: 40), RadioCell(carrierGHz: 3.5, prbs: 100, txPowerDbm: 40)]
        return SINRModel(pathGainDb: gains, interference: CellInterference(cells: cells, silenceSlots: 10), prbBandwidthHz: prbHz,
                         ueNoiseFigureDb: 4, gNBNoiseFigureDb: 4, powerControl: UplinkPowerControl(maxPowerDbm: 23, p0DbmPerPRB: -80, alpha: 0.8))
    }

    /// UE 0: -100 dB to cell 0 (receives -80 dBm per PRB), -110 dB to cell 1 (-90 dBm per PRB).
    static let oneUE: [[Double]] = [[-100, -110]]
    let block = PRBSpan(start: 0, count: 10)

    func testDownlinkSINRWithoutInterferenceIsSNR() {
        let m = Self.model(gains: Self.oneUE)
        XCTAssertEqual(m.downlinkRxPerPRBDbm[0][0], -80, accuracy: 1e-9)
        // -80 - (-110) = 30 dB; cell 1 silent in this slot.
        XCTAssertEqual(m.downlinkSINRDb(ue: 0, cell: 0, prbs: block, slot: [DownlinkTransmission(cell: 0, prbs: [block])]), 30, accuracy: 1e-9)
        XCTAssertEqual(m.downlinkSINRDb(ue: 0, cell: 0, prbs: block, slot: [], fadingDb: -3), 27, accuracy: 1e-9, "fading adds to the signal")
    }

    /// Cell 1 on the same 10 PRBs: 1e-9 mW of interference over 1e-11 of noise,
    /// SINR = -80 - 10 log10(1.01e-9) = 9.9568 dB. On half of them (5 of 10 PRBs): 0.5e-9 mW,
    /// SINR = -80 - 10 log10(5.1e-10) = 12.9243 dB. Next to them: none.
    func testDownlinkInterferenceFromOverlappingPRBsOfAnotherCell() {
        let m = Self.model(gains: Self.oneUE)
        func sinr(_ other: PRBSpan) -> Double {
            m.downlinkSINRDb(ue: 0, cell: 0, prbs: block, slot: [DownlinkTransmission(cell: 0, prbs: [block]),
                                                                 DownlinkTransmission(cell: 1, prbs: [other])])
        }
        XCTAssertEqual(sinr(PRBSpan(start: 0, count: 10)), 9.9568, accuracy: 1e-4)
        XCTAssertEqual(sinr(PRBSpan(start: 5, count: 10)), 12.9243, accuracy: 1e-4)
        XCTAssertEqual(sinr(PRBSpan(start: 10, count: 50)), 30, accuracy: 1e-9)
    }

    /// Only cells on the same carrier interfere, and NTN cells not at all.
    func testInterferenceOnlyOnTheSameCarrierAndTerrestrial() {
        let serving = RadioCell(carrierGHz: 3.5, prbs: 100, txPowerDbm: 40)
        let otherCarrier = Self.model(gains: Self.oneUE, cells: [serving, RadioCell(carrierGHz: 2.1, prbs: 100, txPowerDbm: 40)])
        let ntn = Self.model(gains: Self.oneUE, cells: [serving, RadioCell(carrierGHz: 3.5, prbs: 100, txPowerDbm: 40, isTerrestrial: false)])
        let slot = [DownlinkTransmission(cell: 0, prbs: [block]), DownlinkTransmission(cell: 1, prbs: [block])]
        XCTAssertEqual(otherCarrier.downlinkSINRDb(ue: 0, cell: 0, prbs: block, slot: slot), 30, accuracy: 1e-9)
        XCTAssertEqual(ntn.downlinkSINRDb(ue: 0, cell: 0, prbs: block, slot: slot), 30, accuracy: 1e-9)
        XCTAssertFalse(otherCarrier.interference.interferes(1, with: 0))
        XCTAssertFalse(ntn.interference.interferes(1, with: 0))
        XCTAssertFalse(Self.model(gains: Self.oneUE).interference.interferes(0, with: 0), "a cell does not interfere with itself")
    }

    /// PUSCH with fractional power control (P0 -80 dBm, alpha 0.8): a near UE (gain -100 dB)
    /// sends 0 dBm per PRB and arrives at -100 dBm, SINR 10 dB over -110 dBm of noise. A far
    /// UE (gain -120 dB) asks for -80 + 96 = 16 dBm per PRB: granted on one PRB (rx -104 dBm,
    /// 6 dB), capped at 23 - 10 = 13 dBm on ten (rx -107 dBm, 3 dB).
    func testUplinkSINRFollowsPowerControl() {
        let m = Self.model(gains: [[-100, -130], [-120, -130]])
        XCTAssertEqual(m.uplinkSINRDb(ue: 0, cell: 0, prbs: block, slot: []), 10, accuracy: 1e-9)
        XCTAssertEqual(m.uplinkSINRDb(ue: 1, cell: 0, prbs: PRBSpan(start: 0, count: 1), slot: []), 6, accuracy: 1e-9)
        XCTAssertEqual(m.uplinkSINRDb(ue: 1, cell: 0, prbs: block, slot: []), 3, accuracy: 1e-9)
    }

    /// UE 1 is served by cell 1 (gain -100 dB: 0 dBm per PRB) and is 110 dB from cell 0, where it
    /// arrives at -110 dBm per PRB, as strong as the noise: UE 0's SINR drops by 10 log10(2)
    /// to 6.9897 dB on full overlap, to 10 - 10 log10(1.5) = 8.2391 dB on half. UEs of the
    /// same cell, and a UE's own other blocks, are not interference.
    func testUplinkInterferenceFromAnotherCellsUE() {
        let m = Self.model(gains: [[-100, -130], [-110, -100]])
        let own = UplinkTransmission(ue: 0, cell: 0, prbs: block)
        XCTAssertEqual(m.uplinkSINRDb(ue: 0, cell: 0, prbs: block, slot: [own, UplinkTransmission(ue: 1, cell: 1, prbs: block)]),
                       6.9897, accuracy: 1e-4)
        XCTAssertEqual(m.uplinkSINRDb(ue: 0, cell: 0, prbs: block,
                                      slot: [own, UplinkTransmission(ue: 1, cell: 1, prbs: PRBSpan(start: 5, count: 10))]),
                       8.2391, accuracy: 1e-4)
        XCTAssertEqual(m.uplinkSINRDb(ue: 0, cell: 0, prbs: block, slot: [own, UplinkTransmission(ue: 1, cell: 0, prbs: block),
                                                                          UplinkTransmission(ue: 0, cell: 0, prbs: block)]),
                       10, accuracy: 1e-9)
    }

    /// A measurement sees cell 1 at its load: 0.5 before any slot (-80 - 10 log10(5.1e-10) =
    /// 12.9243 dB); after a downlink slot in which it used all its PRBs, 0.9 * 0.5 + 0.1 = 0.55
    /// (-80 - 10 log10(5.6e-10) = 12.5181 dB); and nothing once it has been silent for more
    /// than the 10-slot silence window (30 dB).
    func testWidebandMeasurementFollowsLoadAndSilence() {
        var m = Self.model(gains: Self.oneUE)
        XCTAssertEqual(m.widebandDownlinkSINRDb(ue: 0, cell: 0, slot: 0), 12.9243, accuracy: 1e-4)
        m.interference.recordDownlinkSlot(prbsUsed: [10, 100], slot: 0)
        XCTAssertEqual(m.interference.load[1], 0.55, accuracy: 1e-12)
        XCTAssertEqual(m.interference.load[0], 0.46, accuracy: 1e-12, "0.9 * 0.5 + 0.1 * 10/100")
        XCTAssertEqual(m.widebandDownlinkSINRDb(ue: 0, cell: 0, slot: 10), 12.5181, accuracy: 1e-4)
        XCTAssertEqual(m.widebandDownlinkSINRDb(ue: 0, cell: 0, slot: 11), 30, accuracy: 1e-9, "silent cell: no interference")
        m.interference.recordDownlinkSlot(prbsUsed: [10, 50], slot: 12)
        XCTAssertEqual(m.interference.measurementWeight(of: 1, slot: 12), 0.9 * 0.55 + 0.05, accuracy: 1e-12, "transmitting again")
    }
}
