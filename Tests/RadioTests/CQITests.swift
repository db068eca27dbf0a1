import XCTest
@testable import Radio

final class CQITests: XCTestCase {
    /// The widely used 10%-BLER SINR thresholds of CQI table 1 (AWGN, SISO), tolerance 0.1 dB.
    func testTable1ThresholdsMatchPublishedValues() {
        let published = [-6.7, -4.7, -2.3, 0.2, 2.4, 4.3, 5.9, 8.1, 10.3, 11.7, 14.1, 16.3, 18.7, 21.0, 22.7]
        for (index, value) in published.enumerated() {
            XCTAssertEqual(CQITable.table1.thresholdDb(cqi: index + 1), value, accuracy: 0.1, "CQI \(index + 1)")
        }
    }

    func testTableEfficiencies() {
        XCTAssertEqual(CQITable.table1.efficiency(cqi: 1), 0.1523, accuracy: 5e-5)
        XCTAssertEqual(CQITable.table1.efficiency(cqi: 15), 5.5547, accuracy: 5e-5)
        XCTAssertEqual(CQITable.table2.efficiency(cqi: 12), 5.5547, accuracy: 5e-5)
        XCTAssertEqual(CQITable.table2.efficiency(cqi: 15), 7.4063, accuracy: 5e-5)
        XCTAssertEqual(CQITable.table2.modulationOrder(cqi: 13), 8)
        XCTAssertEqual(CQITable.table1.efficiency(cqi: 0), 0)
    }

    func testCQIIsMonotoneInSINR() {
        for table in CQITable.allCases {
            var previous = 0
            for step in -200...400 {
                let cqi = CQITable.cqi(sinrDb: Double(step) / 10, table: table)
                XCTAssertGreaterThanOrEqual(cqi, previous)
                previous = cqi
            }
            XCTAssertEqual(CQITable.cqi(sinrDb: -20, table: table), 0)
            XCTAssertEqual(CQITable.cqi(sinrDb: 40, table: table), 15)
        }
        XCTAssertEqual(CQITable.cqi(sinrDb: 8.2, table: .table1), 8)
    }

    func testCQIToMCS() {
        XCTAssertEqual(CQITable.mcs(forCQI: 15, mcsTable: .qam64), 28)
        XCTAssertEqual(CQITable.mcs(forCQI: 15, mcsTable: .qam256), 27)
        XCTAssertEqual(CQITable.mcs(forCQI: 0, mcsTable: .qam64), 0)
        // CQI 7 (16QAM 378, 1.4766) -> MCS 11 of table 1 (16QAM 378).
        XCTAssertEqual(CQITable.mcs(forCQI: 7, mcsTable: .qam64), 11)
        // CQI 12 of table 2 (256QAM 711, 5.5547) -> MCS 21 (256QAM 711, same efficiency).
        XCTAssertEqual(CQITable.mcs(forCQI: 12, mcsTable: .qam256), 21)
        // CQI 11 of table 2 (64QAM 873, 5.1152) -> MCS 19 (64QAM 873).
        XCTAssertEqual(CQITable.mcs(forCQI: 11, mcsTable: .qam256), 19)
        for table in MCSTable.allCases {
            let mcs = (0...15).map { CQITable.mcs(forCQI: $0, mcsTable: table) }
            XCTAssertEqual(mcs, mcs.sorted())
        }
    }
}
