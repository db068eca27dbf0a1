import XCTest
@testable import Radio

final class PeakThroughputTests: XCTestCase {
    /// 100 MHz at 30 kHz, DDDSU, MCS 27 table 2, 1 layer: three D slots of 270,576 bits plus a
    /// special slot of 10 - 2 = 8 symbols (TBS 167,976) per 2.5 ms period: 391.88 Mbit/s.
    func testTDD() throws {
        let pattern = try TDDPattern("DDDSU")
        let bps = peakThroughputBps(mcs: 27, table: .qam256, prbs: 273, numerology: Numerology(mu: 1), tddPattern: pattern)
        XCTAssertEqual(bps, 391_881_600)
        let noSpecial = peakThroughputBps(mcs: 27, table: .qam256, prbs: 273, numerology: Numerology(mu: 1),
                                          tddPattern: pattern, includeSpecialSlots: false)
        XCTAssertEqual(noSpecial, 3 * 270_576 * 400)
    }

    /// The peaks a run reports as the cell's expected peak (2 PDCCH symbols, one DMRS symbol),
    /// to the bit: the README's quickstart (40 MHz at 30 kHz, DDDSU, MCS 27 table 2: three D
    /// slots of 104,496 bits plus a special slot of 65,576 per 2.5 ms) and 273 PRBs FDD at 30 kHz.
    func testPeaksOfARun() throws {
        let quickstart = peakThroughputBps(mcs: 27, table: .qam256, prbs: 106, symbols: 12, dmrsREsPerPRB: 12,
                                           numerology: Numerology(mu: 1), tddPattern: try TDDPattern("DDDSU"))
        XCTAssertEqual(quickstart, 151_625_600)
        XCTAssertEqual(quickstart, Double(3 * 104_496 + 65_576) * 400)
        XCTAssertEqual(peakThroughputBps(mcs: 27, table: .qam256, prbs: 273, numerology: Numerology(mu: 1), tddPattern: .fdd),
                       541_152_000)
    }

    /// A special slot whose downlink part is all control adds nothing.
    func testSpecialSlotWithoutData() throws {
        let pattern = try TDDPattern("DSU", specialDownlinkSymbols: 2, specialGuardSymbols: 2, specialUplinkSymbols: 10)
        let bps = peakThroughputBps(mcs: 27, table: .qam256, prbs: 273, numerology: Numerology(mu: 1), tddPattern: pattern)
        XCTAssertEqual(bps, Double(270_576) * 2000 / 3, accuracy: 1e-6)
    }

    /// 20 MHz FDD at 15 kHz, MCS 28 table 1: TBS 77,896 per 1 ms slot.
    func testFDD() {
        XCTAssertEqual(TransportBlockSize.bits(mcs: 28, table: .qam64, prbs: 106), 77_896)
        XCTAssertEqual(peakThroughputBps(mcs: 28, table: .qam64, prbs: 106, numerology: Numerology(mu: 0), tddPattern: .fdd), 77_896_000)
    }
}
