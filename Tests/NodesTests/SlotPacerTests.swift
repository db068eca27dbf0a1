import XCTest
@testable import Nodes

final class SlotPacerTests: XCTestCase {
    func testVirtualClockNeverWaitsAndNeverCountsLate() {
        let wall = ManualWallClock(startNs: 1_000)
        var pacer = SlotPacer(mode: .virtual, slotDurationNs: 500_000, clock: wall)
        pacer.waitForStart(of: 10_000)
        XCTAssertEqual(wall.now, 1_000, "virtual time must not read or wait on the wall clock")
        wall.advance(byNs: 10_000_000_000)
        XCTAssertFalse(pacer.finished(0))
        XCTAssertEqual(pacer.lateSlots, 0)
        XCTAssertFalse(pacer.flushesEverySlot)
    }

    func testRealTimeWaitsForEachSlotStart() {
        let wall = ManualWallClock(startNs: 0)
        var pacer = SlotPacer(mode: .realtime, slotDurationNs: 500_000, clock: wall)
        pacer.start(atNs: 2_000_000)
        pacer.waitForStart(of: 0)
        XCTAssertEqual(wall.now, 2_000_000)
        pacer.waitForStart(of: 3)
        XCTAssertEqual(wall.now, 3_500_000)
        XCTAssertTrue(pacer.flushesEverySlot)
    }

    func testRealTimeCountsSlotsThatOverrun() {
        let wall = ManualWallClock(startNs: 0)
        var pacer = SlotPacer(mode: .realtime, slotDurationNs: 1_000_000, clock: wall)
        pacer.start(atNs: 0)
        pacer.waitForStart(of: 0)
        wall.advance(byNs: 400_000)
        XCTAssertFalse(pacer.finished(0), "finished within its slot")
        pacer.waitForStart(of: 1)
        wall.advance(byNs: 1_500_000)              // slot 1 ends at 2 ms; we are at 2.5 ms
        XCTAssertTrue(pacer.finished(1))
        XCTAssertEqual(pacer.lateSlots, 1)
    }
}
