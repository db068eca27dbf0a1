import XCTest
@testable import Radio

final class MCSTableTests: XCTestCase {
    /// Rows of TS 38.214 Tables 5.1.3.1-1 and 5.1.3.1-2 with their listed efficiencies.
    func testTableRows() throws {
        let t1 = try XCTUnwrap(MCSTable.qam64.entry(mcs: 28))
        XCTAssertEqual(t1.modulationOrder, 6)
        XCTAssertEqual(t1.targetCodeRateX1024, 948)
        XCTAssertEqual(t1.spectralEfficiency, 5.5547, accuracy: 5e-5)
        XCTAssertEqual(MCSTable.qam64.entry(mcs: 10)?.spectralEfficiency ?? 0, 1.3281, accuracy: 5e-5)
        XCTAssertEqual(MCSTable.qam64.entry(mcs: 17)?.modulationOrder, 6)
        let t2 = try XCTUnwrap(MCSTable.qam256.entry(mcs: 20))
        XCTAssertEqual(t2.modulationOrder, 8)
        XCTAssertEqual(t2.targetCodeRateX1024, 682.5)
        XCTAssertEqual(t2.spectralEfficiency, 5.3320, accuracy: 5e-5)
        XCTAssertEqual(MCSTable.qam256.entry(mcs: 26)?.spectralEfficiency ?? 0, 7.1602, accuracy: 5e-5)
        XCTAssertEqual(MCSTable.qam256.entry(mcs: 27)?.spectralEfficiency ?? 0, 7.4063, accuracy: 5e-5)
    }

    func testReservedEntries() {
        XCTAssertEqual(MCSTable.qam64.maxMCS, 28)
        XCTAssertEqual(MCSTable.qam256.maxMCS, 27)
        XCTAssertNil(MCSTable.qam64.entry(mcs: 29))
        XCTAssertNil(MCSTable.qam256.entry(mcs: 28))
        XCTAssertNil(MCSTable.qam64.entry(mcs: -1))
        XCTAssertEqual(MCSTable.qam64.reservedModulationOrder(mcs: 31), 6)
        XCTAssertEqual(MCSTable.qam256.reservedModulationOrder(mcs: 31), 8)
        XCTAssertNil(MCSTable.qam256.reservedModulationOrder(mcs: 27))
        XCTAssertThrowsError(try MCSTable(number: 3))
    }

    /// Efficiency rises with MCS except for the table-1 quirk at the 16QAM/64QAM switch:
    /// MCS 16 (16QAM, 658) lists 2.5703 and MCS 17 (64QAM, 438) lists 2.5664.
    func testEfficiencyIncreasesWithMCS() {
        for table in MCSTable.allCases {
            let se = (0...table.maxMCS).map { table.entry(mcs: $0)!.spectralEfficiency }
            for mcs in 1..<se.count where !(table == .qam64 && mcs == 17) {
                XCTAssertGreaterThan(se[mcs], se[mcs - 1], "\(table) MCS \(mcs)")
            }
        }
        XCTAssertLessThan(MCSTable.qam64.entry(mcs: 17)!.spectralEfficiency, MCSTable.qam64.entry(mcs: 16)!.spectralEfficiency)
    }
}
