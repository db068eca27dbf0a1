import Power
import XCTest
@testable import Nodes

/// The vCU's packet processing: 1000-byte packets cost 2 + 0.002 * 1000 = 4 us each on one core
/// of the software preset (serial fraction 0.05); a 500 us slot gives 500 us on one core.
final class VCUProcessorTests: XCTestCase {
    func processor(cores: Int = 1, frequencyScale: Double = 1, maxBacklog: Int = 65_536) -> VCUProcessor<Int> {
        VCUProcessor(compute: .softwareLDPC, cores: cores, slotDurationUs: 500, frequencyScale: frequencyScale, maxBacklog: maxBacklog)
    }

    func testPacketsWithinTheBudgetLeaveInTheirSlot() {
        var p = processor()
        for i in 0..<100 { p.enqueue(i, bytes: 1000, slot: 0) }   // 400 us of work
        XCTAssertEqual(p.process(slot: 0), Array(0..<100))
        let m = p.takePeriod()
        XCTAssertEqual(m.lateSlots, 0)
        XCTAssertEqual(m.waitP99Us, 0)
        XCTAssertEqual(m.utilisation, 0.8, accuracy: 1e-9)
        XCTAssertEqual(m.packets, 100)
    }

    func testOverloadCarriesWorkOverAndPacketsWait() {
        var p = processor()
        for i in 0..<200 { p.enqueue(i, bytes: 1000, slot: 0) }   // 800 us: 125 fit in slot 0
        XCTAssertEqual(p.process(slot: 0).count, 125)
        XCTAssertEqual(p.backlog, 75)
        XCTAssertEqual(p.process(slot: 1), Array(125..<200))
        let m = p.takePeriod()
        XCTAssertEqual(m.lateSlots, 1)
        XCTAssertEqual(m.waitP99Us, 500, "the last packets waited one slot")
        XCTAssertEqual(p.lateSlots, 1)
    }

    /// Two cores give 500 * 1.905 = 952 us per slot: the same 800 us fit.
    func testMoreCoresKeepUp() {
        var p = processor(cores: 2)
        for i in 0..<200 { p.enqueue(i, bytes: 1000, slot: 0) }
        XCTAssertEqual(p.process(slot: 0).count, 200)
        XCTAssertEqual(p.takePeriod().lateSlots, 0)
        p.setCores(1)
        for i in 0..<200 { p.enqueue(i, bytes: 1000, slot: 1) }
        XCTAssertEqual(p.process(slot: 1).count, 125)
    }

    func testSlowerClockStretchesTheWork() {
        var p = processor(frequencyScale: 0.5)
        for i in 0..<100 { p.enqueue(i, bytes: 1000, slot: 0) }   // 800 us at half clock
        XCTAssertEqual(p.process(slot: 0).count, 62)
    }

    func testFullBacklogDropsAndCounts() {
        var p = processor(maxBacklog: 10)
        for i in 0..<15 { p.enqueue(i, bytes: 1000, slot: 0) }
        XCTAssertEqual(p.backlog, 10)
        XCTAssertEqual(p.dropped, 5)
        XCTAssertEqual(p.takePeriod().dropped, 5)
    }
}
