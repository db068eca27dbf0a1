import XCTest
import Radio
import Scenario
import Scheduler
@testable import Nodes

final class CellCapacityTests: XCTestCase {
    /// The expected peak of a run is Radio's peak rate at the cell's most layers: 606.5216 Mbps
    /// for the quickstart cell (4 ports: 4 layers; 151.6256 Mbps with one port), 2163.024 Mbps
    /// for 273 PRBs FDD at 30 kHz (541.152 Mbps with one layer).
    func testPeakIsRadiosPeakRate() throws {
        var quickstart = CellConfig(name: "cell1", du: "du1", ru: "ru1", prbs: 106, duplex: .tdd, tddPattern: "DDDSU", mcsTable: .qam256)
        XCTAssertEqual(CellCapacity.peakDownlinkBps(quickstart, numerology: Numerology(mu: 1)), 606_521_600)
        quickstart.antennaPorts = 1
        XCTAssertEqual(CellCapacity.peakDownlinkBps(quickstart, numerology: Numerology(mu: 1)), 151_625_600)
        quickstart.antennaPorts = 8
        XCTAssertEqual(CellCapacity.peakDownlinkBps(quickstart, numerology: Numerology(mu: 1)), 606_521_600, "the UE's 4 antennas cap the rank")
        let wide = CellConfig(name: "cell1", du: "du1", ru: "ru1", prbs: 273, duplex: .fdd, mcsTable: .qam256)
        XCTAssertEqual(CellCapacity.peakDownlinkBps(wide, numerology: Numerology(mu: 1)), 2_163_024_000)
        let fixed = CellConfig(name: "cell1", du: "du1", ru: "ru1", prbs: 52, duplex: .tdd, tddPattern: "DDDDDDDSUU",
                               mcsTable: .qam64, fixedMCS: 9)
        XCTAssertEqual(CellCapacity.peakDownlinkBps(fixed, numerology: Numerology(mu: 0)),
                       peakThroughputBps(mcs: 9, table: .qam64, prbs: 52, layers: 4, numerology: Numerology(mu: 0),
                                         tddPattern: try TDDPattern("DDDDDDDSUU")))
    }

    /// The peak counts the PDSCH symbols the DU's scheduler is configured with, slot by slot.
    func testPeakMatchesTheSchedulersSymbols() throws {
        for pattern in ["DDDSU", "DDDDDDDSUU", "DSUUU"] {
            let cell = CellConfig(name: "c", du: "d", ru: "r", prbs: 106, duplex: .tdd, tddPattern: pattern, mcsTable: .qam256)
            var config = CellSchedulerConfig(prbs: cell.prbs, tdd: CellCapacity.tddPattern(cell))
            config.dlSymbols = Numerology.symbolsPerSlot - CellCapacity.pdcchSymbols
            config.dmrsREsPerPRB = CellCapacity.dmrsREsPerPRB
            let bits = (0..<config.tdd.periodSlots).reduce(0) { sum, slot in
                let symbols = config.pdschSymbols(slot: slot)
                return sum + (symbols > 0 ? TransportBlockSize.bits(mcs: 27, table: .qam256, prbs: 106, symbols: symbols,
                                                                     dmrsREsPerPRB: config.dmrsREsPerPRB, layers: 4) : 0)
            }
            let slotsPerSecond = Double(Numerology(mu: 1).slotsPerSecond)
            XCTAssertEqual(CellCapacity.peakDownlinkBps(cell, numerology: Numerology(mu: 1)),
                           Double(bits) * slotsPerSecond / Double(config.tdd.periodSlots), pattern)
        }
    }
}
