import Radio
import XCTest
@testable import Scheduler

/// Slice quotas, priorities and latency targets, as the one allocator applies them.
final class PRBAllocatorTests: XCTestCase {
    private func sliceHarness(_ slices: [SliceConfig], prbs: Int = 100, maxGrants: Int = 8,
                              base: BaseRanking = .proportionalFair(windowSlots: 50)) throws -> SchedulerTestHarness {
        var config = testConfig(policy: .sliceAware(base: base), prbs: prbs, tdd: "FDD", maxUEs: 64)
        config.maxDLGrantsPerSlot = maxGrants
        config.slices = slices
        return try SchedulerTestHarness(config)
    }

    @discardableResult
    private func addFullBufferUEs(_ harness: SchedulerTestHarness, slice: SliceID, count: Int, cqi: Int = 12) throws -> [UEIndex] {
        try (0..<count).map { _ in
            let ue = try harness.scheduler.addUE(rnti: RNTI(harness.scheduler.ueCount + 1), slice: slice, initialCQI: cqi)
            harness.scheduler.handleDLBufferStatus(ue: ue, pendingBytes: 1 << 40, headOfLineArrivalSlot: 0)
            return ue
        }
    }

    private func prbsPerSlice(_ grants: [Grant]) -> [SliceID: Int] {
        grants.reduce(into: [:]) { $0[$1.slice, default: 0] += $1.numPRBs }
    }

    func testMaximumSharesCapSaturatedSlices() throws {
        let harness = try sliceHarness([SliceConfig(id: 1, maxPRBShare: 0.3), SliceConfig(id: 2, maxPRBShare: 0.5)])
        try addFullBufferUEs(harness, slice: 1, count: 6)
        try addFullBufferUEs(harness, slice: 2, count: 6)
        for _ in 0..<50 {
            XCTAssertEqual(prbsPerSlice(harness.step().dl), [1: 30, 2: 50])
        }
    }

    func testMinimumShareHoldsAgainstAHigherPrioritySlice() throws {
        let harness = try sliceHarness([SliceConfig(id: 1, priority: 5), SliceConfig(id: 2, minPRBShare: 0.4, priority: 0)])
        try addFullBufferUEs(harness, slice: 1, count: 6)
        try addFullBufferUEs(harness, slice: 2, count: 6)
        for _ in 0..<50 {
            XCTAssertEqual(prbsPerSlice(harness.step().dl), [1: 60, 2: 40])
        }
    }

    func testPriorityServesTheHigherSliceFirst() throws {
        let harness = try sliceHarness([SliceConfig(id: 1, priority: 1), SliceConfig(id: 2, maxPRBShare: 0.7, priority: 2)])
        try addFullBufferUEs(harness, slice: 1, count: 4)
        try addFullBufferUEs(harness, slice: 2, count: 4)
        for _ in 0..<20 {
            // Slice 2 takes all it may (70%), slice 1 the rest.
            XCTAssertEqual(prbsPerSlice(harness.step().dl), [1: 30, 2: 70])
        }
        // With no cap the higher priority takes everything.
        try harness.scheduler.setSliceQuota(slice: 2, minPRBShare: 0, maxPRBShare: 1)
        XCTAssertEqual(prbsPerSlice(harness.step().dl), [2: 100])
    }

    func testQuotasChangeAtRunTime() throws {
        let harness = try sliceHarness([SliceConfig(id: 1, maxPRBShare: 0.5), SliceConfig(id: 2, maxPRBShare: 0.5)])
        try addFullBufferUEs(harness, slice: 1, count: 4)
        try addFullBufferUEs(harness, slice: 2, count: 4)
        XCTAssertEqual(prbsPerSlice(harness.step().dl), [1: 50, 2: 50])
        try harness.scheduler.setSliceQuota(slice: 1, minPRBShare: 0.1, maxPRBShare: 0.2)
        XCTAssertEqual(harness.scheduler.sliceQuotas.first?.maxPRBShare, 0.2)
        XCTAssertEqual(prbsPerSlice(harness.step().dl), [1: 20, 2: 50])
        XCTAssertThrowsError(try harness.scheduler.setSliceQuota(slice: 2, minPRBShare: 0.95, maxPRBShare: 1),
                             "minimum shares may not add up to more than the cell")
    }

    /// URLLC packets arrive at random slots while eMBB (higher priority, every grant
    /// wanted) saturates the cell: with a latency target each packet is served within it;
    /// without one the URLLC slice starves, which shows the test can fail.
    func testLatencyTargetIsHonouredWhileEMBBSaturates() throws {
        for target in [3, nil] as [Int?] {
            let harness = try sliceHarness([
                SliceConfig(id: 1, priority: 1),
                SliceConfig(id: 2, maxPRBShare: 0.2, priority: 0, latencyTargetSlots: target),
            ], maxGrants: 4)
            try addFullBufferUEs(harness, slice: 1, count: 16)
            let urllc = try (0..<6).map { index in
                try harness.scheduler.addUE(rnti: RNTI(100 + index), slice: 2, initialCQI: 9)
            }
            var generator = SeededGenerator(seed: 5)
            var arrival: [UEIndex: Int] = [:]
            var delays: [Int] = []
            for _ in 0..<400 {
                let slot = harness.slot
                for ue in urllc where arrival[ue] == nil && RandomVariate.bernoulli(0.1, using: &generator) {
                    arrival[ue] = slot
                    harness.scheduler.handleDLBufferStatus(ue: ue, pendingBytes: 32, headOfLineArrivalSlot: slot)
                }
                for grant in harness.step().dl where grant.slice == 2 {
                    if let arrived = arrival.removeValue(forKey: grant.ue) { delays.append(slot - arrived) }
                }
            }
            if let target {
                XCTAssertGreaterThan(delays.count, 100)
                XCTAssertLessThanOrEqual(delays.max() ?? .max, target, "every URLLC packet within \(target) slots")
                XCTAssertTrue(arrival.values.allSatisfy { harness.slot - $0 <= target })
            } else {
                XCTAssertTrue(delays.isEmpty, "without a latency target the lower-priority URLLC slice starves")
            }
        }
    }

    func testWaterFillingSharesTheBandMaxMinFairly() throws {
        var config = testConfig(policy: .roundRobin, prbs: 100, tdd: "FDD")
        config.maxDLGrantsPerSlot = 3
        let harness = try SchedulerTestHarness(config)
        let full = try (0..<2).map { _ in try harness.scheduler.addUE(rnti: RNTI(harness.scheduler.ueCount + 1), initialCQI: 12) }
        let small = try harness.scheduler.addUE(rnti: 9, initialCQI: 12)
        for ue in full { harness.scheduler.handleDLBufferStatus(ue: ue, pendingBytes: 1 << 30, headOfLineArrivalSlot: 0) }
        harness.scheduler.handleDLBufferStatus(ue: small, pendingBytes: 200, headOfLineArrivalSlot: 0)
        let grants = harness.step().dl
        let smallPRBs = try XCTUnwrap(grants.first { $0.ue == small }).numPRBs
        let fullPRBs = grants.filter { $0.ue != small }.map(\.numPRBs).sorted()
        XCTAssertEqual(fullPRBs.reduce(0, +), 100 - smallPRBs)
        XCTAssertLessThanOrEqual(fullPRBs[1] - fullPRBs[0], 1)
        // Contiguous from PRB 0 in grant order.
        var next = 0
        for grant in grants {
            XCTAssertEqual(grant.startPRB, next)
            next += grant.numPRBs
        }
    }
}
