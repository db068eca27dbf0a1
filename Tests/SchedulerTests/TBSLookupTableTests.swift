import Radio
import XCTest
@testable import Scheduler

final class TBSLookupTableTests: XCTestCase {
    func testTableMatchesTS38214AndFindsTheFewestPRBs() {
        for (mcsTable, symbols) in [(MCSTable.qam256, 12), (.qam64, 8), (.qam256, 14)] {
            let table = TBSLookupTable(table: mcsTable, prbs: 106, symbols: symbols, dmrsREsPerPRB: 12,
                                       overheadREsPerPRB: 0, layers: 2)
            for mcs in stride(from: 0, through: mcsTable.maxMCS, by: 3) {
                for prbs in [1, 2, 17, 50, 106] {
                    XCTAssertEqual(table.bits(mcs: mcs, prbs: prbs),
                                   TransportBlockSize.bits(mcs: mcs, table: mcsTable, prbs: prbs, symbols: symbols,
                                                           dmrsREsPerPRB: 12, overheadREsPerPRB: 0, layers: 2))
                }
                for neededBits in [1, 100, 5_000, 80_000, 10_000_000] {
                    let linear = (1...106).first { table.bits(mcs: mcs, prbs: $0) >= neededBits } ?? 106
                    XCTAssertEqual(table.smallestPRBs(mcs: mcs, carryingBits: neededBits), linear)
                }
            }
        }
        // TS 38.214 clause 5.1.3.2 by hand: MCS 27 of table 2 (Qm 8, R 948/1024), 273 PRBs,
        // 12 symbols, 12 DM-RS REs: N_RE = 132 * 273 = 36036, N_info = 266891.6,
        // N'_info = 2^13 * 33 = 270336, C = 33, TBS = 264 * 1025 - 24 = 270576.
        let table = TBSLookupTable(table: .qam256, prbs: 273, symbols: 12, dmrsREsPerPRB: 12, overheadREsPerPRB: 0, layers: 1)
        XCTAssertEqual(table.bits(mcs: 27, prbs: 273), 270_576)
    }

    /// A second cell of the same set-up gets the table made for the first, not a new one.
    func testCellsOfTheSameSetUpShareOneTable() {
        _ = TBSLookupTable(table: .qam64, prbs: 51, symbols: 11, dmrsREsPerPRB: 12, overheadREsPerPRB: 6, layers: 3)
        let key = TBSTableStore.Key(table: .qam64, prbs: 51, symbols: 11, dmrsREsPerPRB: 12, overheadREsPerPRB: 6, layers: 3)
        var madeAgain = false
        _ = TBSTableStore.shared.table(key) {
            madeAgain = true
            return FixedBuffer(count: 1, initialValue: 0)
        }
        XCTAssertFalse(madeAgain)
        let other = TBSTableStore.Key(table: .qam64, prbs: 51, symbols: 11, dmrsREsPerPRB: 12, overheadREsPerPRB: 6, layers: 4)
        let second = TBSLookupTable(table: .qam64, prbs: 51, symbols: 11, dmrsREsPerPRB: 12, overheadREsPerPRB: 6, layers: 4)
        XCTAssertEqual(second.bits(mcs: 20, prbs: 51),
                       TransportBlockSize.bits(mcs: 20, table: .qam64, prbs: 51, symbols: 11, dmrsREsPerPRB: 12, overheadREsPerPRB: 6, layers: 4),
                       "another layer count is another table: \(other)")
    }

    func testLinkAdaptationTableMatchesRadiosOuterLoop() {
        for mcsTable in MCSTable.allCases {
            let table = LinkAdaptationTable(mcsTable: mcsTable)
            for offset in stride(from: -4.0, through: 4.0, by: 0.75) {
                let olla = OuterLoopLinkAdaptation(initialOffsetDb: offset)
                for cqi in 1...15 {
                    XCTAssertEqual(table.mcs(cqi: cqi, offsetDb: offset),
                                   olla.selectMCS(cqi: cqi, cqiTable: CQITable(matching: mcsTable), mcsTable: mcsTable),
                                   "CQI \(cqi) offset \(offset)")
                }
            }
            XCTAssertEqual(table.mcs(cqi: 0, offsetDb: 0), -1, "CQI 0: out of range, not scheduled")
        }
    }
}
