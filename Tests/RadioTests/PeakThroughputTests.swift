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

    /// 20 MHz FDD at 15 kHz, MCS 28 table 1: TBS 77,896 per 1 ms slot.
    func testFDD() {
        XCTAssertEqual(TransportBlockSize.bits(mcs: 28, table: .qam64, prbs: 106), 77_896)
        XCTAssertEqual(peakThroughputBps(mcs: 28, table: .qam64, prbs: 106, numerology: Numerology(mu: 0), tddPattern: .fdd), 77_896_000)
    }
}
