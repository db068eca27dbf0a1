import CAllocationCounter
import Radio
import XCTest
@testable import Scheduler

final class AllocationCounterTests: XCTestCase {
    func testCounterCountsADeliberateAllocation() throws {
        try XCTSkipUnless(b5g_allocation_counter_is_active() != 0, "the counter interposes malloc on Linux/glibc only")
        let before = b5g_allocation_count()
        // A fresh array buffer is one heap allocation through the Swift runtime's malloc.
        let array = [Int](repeating: 7, count: 1_000 + Int(before % 3))
        let pointer = UnsafeMutableRawPointer.allocate(byteCount: 4_096, alignment: 64)
        let after = b5g_allocation_count()
        pointer.deallocate()
        XCTAssertEqual(array.count >= 1_000, true)
        XCTAssertGreaterThanOrEqual(after - before, 2, "an array buffer and an aligned allocation")
    }

    func testRunSlotAllocatesNothingInSteadyState() throws {
        try XCTSkipUnless(b5g_allocation_counter_is_active() != 0, "the counter interposes malloc on Linux/glibc only")
        for policy: SchedulingPolicy in [.roundRobin, .proportionalFair(windowSlots: 10), .maxRate,
                                         .sliceAware(base: .proportionalFair(windowSlots: 100))] {
            var config = testConfig(policy: policy, tdd: "DDDSU")
            config.slices = [SliceConfig(id: 1, minPRBShare: 0.3, maxPRBShare: 1, priority: 0),
                             SliceConfig(id: 2, minPRBShare: 0.2, maxPRBShare: 0.5, priority: 1, latencyTargetSlots: 3)]
            let scheduler = try CellScheduler(config: config)
            var ues: [UEIndex] = []
            for index in 0..<40 {
                let ue = try scheduler.addUE(rnti: RNTI(100 + index), slice: index % 2 == 0 ? 1 : 2, initialCQI: 3 + index % 13)
                scheduler.handleDLBufferStatus(ue: ue, pendingBytes: 1 << 30, headOfLineArrivalSlot: 0)
                scheduler.handleULBufferStatusReport(ue: ue, pendingBytes: 1 << 30)
                ues.append(ue)
            }
            var allocations: UInt64 = 0
            var grants = 0
            for slot in 0..<600 {
                let before = b5g_allocation_count()
                let result = scheduler.runSlot(slot)
                let after = b5g_allocation_count()
                if slot >= 100 { allocations += after - before }
                grants += result.dlGrants.count + result.ulGrants.count
                // Feedback straight away, half of it NACK, so HARQ retransmissions run too.
                for grant in result.dlGrants {
                    scheduler.handleDLHARQFeedback(ue: grant.ue, harqProcess: grant.harqProcess, ack: slot % 2 == 0)
                }
                for grant in result.ulGrants {
                    scheduler.handleULDecodeResult(ue: grant.ue, harqProcess: grant.harqProcess, ok: slot % 3 != 0)
                }
            }
            XCTAssertGreaterThan(grants, 1_000, "\(policy)")
            XCTAssertEqual(allocations, 0, "\(policy): heap allocations in 500 steady-state slots")
        }
    }
}
