import XCTest
@testable import Radio

final class BLERModelTests: XCTestCase {
    let model = BLERModel()

    func testTenPercentPointSitsAtRequiredSINR() {
        for table in MCSTable.allCases {
            for mcs in 0...table.maxMCS {
                let s10 = model.requiredSINRDb(mcs: mcs, table: table)
                XCTAssertEqual(model.bler(sinrDb: s10, mcs: mcs, table: table), 0.1, accuracy: 1e-12)
            }
        }
        // MCS 28 of table 1 has the efficiency of CQI 15: 10% BLER at ~22.7 dB.
        XCTAssertEqual(model.requiredSINRDb(mcs: 28, table: .qam64), 22.7, accuracy: 0.1)
    }

    func testMonotoneInSINRAndMCS() {
        for table in MCSTable.allCases {
            for mcs in 0...table.maxMCS {
                var previous = 1.0
                for step in -100...350 {
                    let b = model.bler(sinrDb: Double(step) / 10, mcs: mcs, table: table)
                    XCTAssertLessThanOrEqual(b, previous)
                    XCTAssert(b >= 0 && b <= 1)
                    previous = b
                }
            }
            for mcs in 1...table.maxMCS {
                XCTAssertGreaterThanOrEqual(model.bler(sinrDb: 10, mcs: mcs, table: table),
                                     model.bler(sinrDb: 10, mcs: mcs - 1, table: table))
            }
        }
        // Table 1 MCS 17 lists a lower efficiency than MCS 16; its requirement is held at MCS 16's.
        XCTAssertEqual(model.requiredSINRDb(mcs: 17, table: .qam64), model.requiredSINRDb(mcs: 16, table: .qam64))
        XCTAssertGreaterThan(model.requiredSINRDb(mcs: 18, table: .qam64), model.requiredSINRDb(mcs: 17, table: .qam64))
        let s10 = model.requiredSINRDb(mcs: 15, table: .qam64)
        XCTAssertGreaterThan(model.bler(sinrDb: s10 - 3, mcs: 15, table: .qam64), 0.9)
        XCTAssertLessThan(model.bler(sinrDb: s10 + 3, mcs: 15, table: .qam64), 0.001)
    }

    func testChaseCombining() {
        XCTAssertEqual(model.effectiveSINRDb(afterTransmissions: 1, sinrDb: 5), 5)
        XCTAssertEqual(model.effectiveSINRDb(afterTransmissions: 2, sinrDb: 5), 5 + 3.0103, accuracy: 1e-4)
        XCTAssertEqual(model.effectiveSINRDb(afterTransmissions: 4, sinrDb: -1), 5.0206, accuracy: 1e-4)
        XCTAssertEqual(model.combinedSINRDb([0, 0]), 3.0103, accuracy: 1e-4)
    }
}
