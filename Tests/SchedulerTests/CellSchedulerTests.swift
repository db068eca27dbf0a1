import Radio
import XCTest
@testable import Scheduler

final class CellSchedulerTests: XCTestCase {
    /// Random buffers, CQIs, NACKs, slices, quota changes and UE arrivals/departures; the
    /// invariant checker runs on every slot. Returns the grant history for determinism checks.
    @discardableResult
    private func runRandomWorkload(policy: SchedulingPolicy, seed: UInt64, slots: Int = 1_200,
                                   maxHARQTransmissions: Int = 4, harqProcesses: Int = 8,
                                   tdd: String = "DDDSU") throws -> [String] {
        var config = testConfig(policy: policy, prbs: 51, tdd: tdd, maxUEs: 40)
        config.maxHARQTransmissions = maxHARQTransmissions
        config.harqProcessesPerUE = harqProcesses
        config.slices = [SliceConfig(id: 1, minPRBShare: 0.2, maxPRBShare: 0.8, priority: 0),
                         SliceConfig(id: 2, minPRBShare: 0.1, maxPRBShare: 0.3, priority: 2, latencyTargetSlots: 4),
                         SliceConfig(id: 3, minPRBShare: 0.0, maxPRBShare: 0.6, priority: 1)]
        let harness = try SchedulerTestHarness(config)
        var random = SeededGenerator(seed: seed)
        harness.nack = { _, _ in RandomVariate.unit(using: &random) < 0.2 }
        var generator = SeededGenerator(seed: seed &+ 1)
        let sliceIDs: [SliceID] = [1, 2, 3]
        var ues: [UEIndex] = []
        var nextRNTI: RNTI = 0x4601
        func addUE() throws {
            let ue = try harness.scheduler.addUE(rnti: nextRNTI, slice: sliceIDs.randomElement(using: &generator)!,
                                                 initialCQI: Int.random(in: 0...15, using: &generator))
            nextRNTI += 1
            ues.append(ue)
        }
        for _ in 0..<30 { try addUE() }
        for _ in 0..<slots {
            let slot = harness.slot
            for ue in ues where RandomVariate.bernoulli(0.15, using: &generator) {
                let bytes = [0, 10, 200, 3_000, 50_000, 1 << 30].randomElement(using: &generator)!
                harness.scheduler.handleDLBufferStatus(ue: ue, pendingBytes: bytes,
                                                       headOfLineArrivalSlot: slot - Int.random(in: 0...3, using: &generator))
            }
            for ue in ues where RandomVariate.bernoulli(0.1, using: &generator) {
                harness.scheduler.handleULBufferStatusReport(ue: ue, pendingBytes: [0, 50, 5_000, 1 << 24].randomElement(using: &generator)!)
            }
            for ue in ues where RandomVariate.bernoulli(0.05, using: &generator) {
                harness.scheduler.handleCQIReport(ue: ue, cqi: Int.random(in: 0...15, using: &generator))
            }
            if RandomVariate.bernoulli(0.02, using: &generator), let ue = ues.randomElement(using: &generator) {
                try harness.scheduler.setSlice(ue: ue, slice: sliceIDs.randomElement(using: &generator)!)
            }
            if RandomVariate.bernoulli(0.02, using: &generator) {
                let minShare = Double.random(in: 0...0.3, using: &generator)
                try harness.scheduler.setSliceQuota(slice: 3, minPRBShare: minShare,
                                                    maxPRBShare: Double.random(in: minShare...1, using: &generator))
            }
            if RandomVariate.bernoulli(0.03, using: &generator), !ues.isEmpty {
                let victim = ues.remove(at: Int.random(in: 0..<ues.count, using: &generator))
                harness.remove(victim)
            }
            if RandomVariate.bernoulli(0.03, using: &generator), ues.count < 40 { try addUE() }
            harness.step()
        }
        XCTAssertGreaterThan(harness.history.count, slots / 2, "\(policy): the workload must produce grants")
        XCTAssertTrue(harness.history.contains { $0.grant.isRetransmission }, "\(policy): NACKs must cause retransmissions")
        return harness.history.map { "\($0.slot) \($0.direction) \($0.grant)" }
    }

    func testRandomWorkloadsKeepInvariantsForEveryPolicy() throws {
        let policies: [SchedulingPolicy] = [
            .roundRobin, .proportionalFair(windowSlots: 50), .maxRate,
            .sliceAware(base: .proportionalFair(windowSlots: 50)), .sliceAware(base: .roundRobin), .sliceAware(base: .maxRate),
        ]
        for (index, policy) in policies.enumerated() {
            try runRandomWorkload(policy: policy, seed: UInt64(100 + index))
        }
        try runRandomWorkload(policy: .sliceAware(base: .roundRobin), seed: 7, maxHARQTransmissions: 2, harqProcesses: 32,
                              tdd: "FDD")
    }

    func testSameSeedGivesTheSameGrants() throws {
        let policy = SchedulingPolicy.sliceAware(base: .proportionalFair(windowSlots: 20))
        let first = try runRandomWorkload(policy: policy, seed: 42, slots: 400)
        let second = try runRandomWorkload(policy: policy, seed: 42, slots: 400)
        let other = try runRandomWorkload(policy: policy, seed: 43, slots: 400)
        XCTAssertEqual(first, second)
        XCTAssertNotEqual(first, other)
    }

    func testRoundRobinCyclesThroughUEs() throws {
        var config = testConfig(policy: .roundRobin, prbs: 20, tdd: "FDD")
        config.maxDLGrantsPerSlot = 2
        let harness = try SchedulerTestHarness(config)
        var ues: [UEIndex] = []
        for index in 0..<10 {
            let ue = try harness.scheduler.addUE(rnti: RNTI(10 + index), initialCQI: 10)
            harness.scheduler.handleDLBufferStatus(ue: ue, pendingBytes: 1 << 30, headOfLineArrivalSlot: 0)
            ues.append(ue)
        }
        var served: [[UEIndex]] = []
        for _ in 0..<20 { served.append(harness.step().dl.map(\.ue)) }
        XCTAssertTrue(served.allSatisfy { $0.count == 2 })
        for cycle in 0..<4 {
            let window = served[(cycle * 5)..<(cycle * 5 + 5)].flatMap { $0 }
            XCTAssertEqual(Set(window), Set(ues), "cycle \(cycle): every UE exactly once")
            XCTAssertEqual(window.count, 10)
        }
    }

    func testProportionalFairSharesEquallyBetweenEqualUEs() throws {
        var config = testConfig(policy: .proportionalFair(windowSlots: 100), prbs: 51, tdd: "FDD")
        config.maxDLGrantsPerSlot = 3
        let harness = try SchedulerTestHarness(config)
        var ues: [UEIndex] = []
        for index in 0..<20 {
            let ue = try harness.scheduler.addUE(rnti: RNTI(10 + index), initialCQI: 12)
            harness.scheduler.handleDLBufferStatus(ue: ue, pendingBytes: 1 << 40, headOfLineArrivalSlot: 0)
            ues.append(ue)
        }
        harness.run(slots: 500)
        let start = harness.history.count
        harness.run(slots: 1_000)
        var bits = [UEIndex: Double]()
        for entry in harness.history[start...] { bits[entry.grant.ue, default: 0] += Double(entry.grant.tbsBytes * 8) }
        let fairness = jainIndex(ues.map { bits[$0, default: 0] })
        XCTAssertGreaterThanOrEqual(fairness, 0.99)
        // The average PF tracks is what was served per opportunity (window 100 slots).
        let average = ues.map { harness.scheduler.averageServedBits(ue: $0, direction: .downlink) }.reduce(0, +) / 20
        let servedPerSlot = bits.values.reduce(0, +) / 1_000 / 20
        XCTAssertEqual(average, servedPerSlot, accuracy: servedPerSlot * 0.1)
    }

    func testProportionalFairStaysFairAcrossAverageRescaling() throws {
        // A 2-slot window doubles the lazy decay scale every slot, so it is rescaled about
        // every 500 slots; ranking and averages must not notice.
        var config = testConfig(policy: .proportionalFair(windowSlots: 2), prbs: 25, tdd: "FDD")
        config.maxDLGrantsPerSlot = 1
        let harness = try SchedulerTestHarness(config)
        let ues = try (0..<5).map { index in try harness.scheduler.addUE(rnti: RNTI(index + 1), initialCQI: 10) }
        for ue in ues { harness.scheduler.handleDLBufferStatus(ue: ue, pendingBytes: 1 << 40, headOfLineArrivalSlot: 0) }
        harness.run(slots: 2_000)
        var grants = [UEIndex: Int]()
        for entry in harness.history.suffix(1_000) { grants[entry.grant.ue, default: 0] += 1 }
        XCTAssertEqual(ues.map { grants[$0, default: 0] }, [200, 200, 200, 200, 200])
        for ue in ues {
            let average = harness.scheduler.averageServedBits(ue: ue, direction: .downlink)
            XCTAssertTrue(average.isFinite && average > 0, "\(average)")
        }
    }

    func testProportionalFairFavoursNobodyForEverButMaxRateFavoursTheBestCQI() throws {
        for policy: SchedulingPolicy in [.maxRate, .proportionalFair(windowSlots: 50)] {
            var config = testConfig(policy: policy, prbs: 51, tdd: "FDD")
            config.maxDLGrantsPerSlot = 1
            let harness = try SchedulerTestHarness(config)
            var ues: [UEIndex] = []
            for (index, cqi) in [5, 9, 15, 11].enumerated() {
                let ue = try harness.scheduler.addUE(rnti: RNTI(10 + index), initialCQI: cqi)
                harness.scheduler.handleDLBufferStatus(ue: ue, pendingBytes: 1 << 30, headOfLineArrivalSlot: 0)
                ues.append(ue)
            }
            harness.run(slots: 200)
            let served = Set(harness.history.map(\.grant.ue))
            if policy == .maxRate {
                XCTAssertEqual(served, [ues[2]], "max rate serves only the CQI 15 UE")
                XCTAssertTrue(harness.history.allSatisfy { $0.grant.mcs == harness.scheduler.mcs(ue: ues[2], direction: .downlink) })
            } else {
                XCTAssertEqual(served, Set(ues), "proportional fair serves every UE")
            }
        }
        // Max rate moves to the next best CQI once the best UE's buffer is empty.
        var config = testConfig(policy: .maxRate, prbs: 51, tdd: "FDD")
        config.maxDLGrantsPerSlot = 1
        let harness = try SchedulerTestHarness(config)
        let weak = try harness.scheduler.addUE(rnti: 1, initialCQI: 4)
        let strong = try harness.scheduler.addUE(rnti: 2, initialCQI: 14)
        harness.scheduler.handleDLBufferStatus(ue: weak, pendingBytes: 1 << 20, headOfLineArrivalSlot: 0)
        harness.scheduler.handleDLBufferStatus(ue: strong, pendingBytes: 100, headOfLineArrivalSlot: 0)
        XCTAssertEqual(harness.step().dl.map(\.ue), [strong])
        XCTAssertEqual(harness.step().dl.map(\.ue), [weak])
    }

    func testRetransmissionsGoFirstKeepTheirTBSAndAreDroppedAfterTheLastTransmission() throws {
        var config = testConfig(policy: .roundRobin, prbs: 51, tdd: "FDD")
        config.maxDLGrantsPerSlot = 1
        config.maxHARQTransmissions = 3
        let harness = try SchedulerTestHarness(config)
        let victim = try harness.scheduler.addUE(rnti: 1, initialCQI: 10)
        let other = try harness.scheduler.addUE(rnti: 2, initialCQI: 10)
        for ue in [victim, other] {
            harness.scheduler.handleDLBufferStatus(ue: ue, pendingBytes: 1 << 30, headOfLineArrivalSlot: 0)
        }
        harness.nack = { grant, _ in grant.ue == victim }
        var transmissionsPerTB: [Int] = []
        var current: [Int: Int] = [:]
        for _ in 0..<60 {
            let retxWaiting = harness.scheduler.hasPendingRetransmission(ue: victim, direction: .downlink)
            let grants = harness.step().dl
            XCTAssertEqual(grants.count, 1)
            guard let grant = grants.first else { continue }
            if retxWaiting {
                XCTAssertEqual(grant.ue, victim, "slot \(harness.slot - 1): the retransmission goes first")
                XCTAssertTrue(grant.isRetransmission)
            }
            guard grant.ue == victim else { continue }
            if grant.isRetransmission {
                current[grant.harqProcess, default: 0] += 1
            } else {
                if let count = current[grant.harqProcess] { transmissionsPerTB.append(count) }
                current[grant.harqProcess] = 1
            }
        }
        XCTAssertFalse(transmissionsPerTB.isEmpty)
        XCTAssertTrue(transmissionsPerTB.allSatisfy { $0 == 3 }, "\(transmissionsPerTB)")
        XCTAssertGreaterThanOrEqual(harness.scheduler.statistics.droppedDLTransportBlocks, transmissionsPerTB.count)
        // The NACKs taught OLLA to back off for the victim only.
        XCTAssertLessThan(harness.scheduler.linkAdaptationOffsetDb(ue: victim, direction: .downlink), 0)
        XCTAssertGreaterThan(harness.scheduler.linkAdaptationOffsetDb(ue: other, direction: .downlink), 0)
    }

    /// One transmission = HARQ feedback disabled (NTN): a process is free again at once, so
    /// two processes keep a UE served every slot even though feedback takes K1 = 4 slots,
    /// nothing is retransmitted, and NACKs change nothing.
    func testWithHARQDisabledProcessesNeverWaitForFeedback() throws {
        var config = testConfig(policy: .roundRobin, prbs: 51, tdd: "FDD")
        config.maxHARQTransmissions = 1
        config.harqProcessesPerUE = 2
        config.k1 = 4
        let harness = try SchedulerTestHarness(config)
        let ue = try harness.scheduler.addUE(rnti: 1, initialCQI: 10)
        harness.scheduler.handleDLBufferStatus(ue: ue, pendingBytes: 1 << 30, headOfLineArrivalSlot: 0)
        harness.nack = { _, _ in true }
        harness.run(slots: 20)
        let dl = harness.history.filter { $0.direction == .downlink }
        XCTAssertEqual(Set(dl.map(\.slot)).count, 20, "a grant in every slot despite 2 processes and K1 = 4")
        XCTAssertFalse(dl.contains { $0.grant.isRetransmission })
        XCTAssertEqual(harness.scheduler.statistics.droppedDLTransportBlocks, 0, "no feedback is awaited, none drops")
    }

    func testAProcessWaitingForFeedbackIsNotReusedAndLostFeedbackTimesOut() throws {
        var config = testConfig(policy: .roundRobin, prbs: 51, tdd: "FDD")
        config.harqProcessesPerUE = 2
        config.k1 = 4
        config.harqFeedbackTimeoutSlots = 3
        let scheduler = try CellScheduler(config: config)
        let ue = try scheduler.addUE(rnti: 1, initialCQI: 10)
        scheduler.handleDLBufferStatus(ue: ue, pendingBytes: 1 << 30, headOfLineArrivalSlot: 0)
        var grants: [(Int, Grant)] = []
        // No feedback at all: two processes, then silence until K1 + timeout has passed.
        for slot in 0..<12 { grants += scheduler.runSlot(slot).dlGrants.map { (slot, $0) } }
        XCTAssertEqual(grants.map(\.0), [0, 1, 8, 9], "due at K1 = 4, overdue after 3 more slots")
        XCTAssertEqual(grants.map(\.1.isRetransmission), [false, false, true, true])
        XCTAssertEqual(grants[2].1.tbsBytes, grants[0].1.tbsBytes)
        XCTAssertEqual(scheduler.statistics.dlHARQTimeouts, 2)
    }

    func testNoUEGetsMoreThanItsBufferNeeds() throws {
        var config = testConfig(policy: .proportionalFair(windowSlots: 10), prbs: 106, tdd: "FDD")
        config.maxDLGrantsPerSlot = 4
        let harness = try SchedulerTestHarness(config)
        let small = try harness.scheduler.addUE(rnti: 1, initialCQI: 12)
        let big = try harness.scheduler.addUE(rnti: 2, initialCQI: 12)
        harness.scheduler.handleDLBufferStatus(ue: small, pendingBytes: 100, headOfLineArrivalSlot: 0)
        harness.scheduler.handleDLBufferStatus(ue: big, pendingBytes: 1 << 30, headOfLineArrivalSlot: 0)
        let grants = harness.step().dl
        let smallGrant = try XCTUnwrap(grants.first { $0.ue == small })
        let bigGrant = try XCTUnwrap(grants.first { $0.ue == big })
        XCTAssertGreaterThanOrEqual(smallGrant.tbsBytes, 100)
        let fewer = TransportBlockSize.bits(mcs: smallGrant.mcs, table: .qam256, prbs: smallGrant.numPRBs - 1,
                                            symbols: config.dlSymbols, dmrsREsPerPRB: 12, overheadREsPerPRB: 0, layers: 1)
        XCTAssertLessThan(fewer, 800, "one PRB fewer would not carry the 100 bytes")
        XCTAssertEqual(bigGrant.numPRBs, 106 - smallGrant.numPRBs, "the rest of the band goes to the full buffer")
        XCTAssertEqual(harness.scheduler.pendingBytes(ue: small, direction: .downlink), 0)
        XCTAssertFalse(harness.step().dl.contains { $0.ue == small }, "an empty buffer gets nothing")
    }

    func testGrantLimitAndUplinkTiming() throws {
        var config = testConfig(policy: .roundRobin, prbs: 51, tdd: "DDDSU")
        config.maxULGrantsPerSlot = 3
        config.ulGrantOffsetSlots = 2
        let harness = try SchedulerTestHarness(config)
        for index in 0..<12 {
            let ue = try harness.scheduler.addUE(rnti: RNTI(index + 1), initialCQI: 9)
            harness.scheduler.handleDLBufferStatus(ue: ue, pendingBytes: 1 << 30, headOfLineArrivalSlot: 0)
            harness.scheduler.handleULBufferStatusReport(ue: ue, pendingBytes: 1 << 30)
        }
        for _ in 0..<15 {
            let slot = harness.slot
            let (dl, _) = harness.step()
            XCTAssertEqual(dl.count, slot % 5 == 4 ? 0 : 8, "slot \(slot): DL in D and S slots, up to the limit")
        }
        // Each U slot is granted at least K2 = 2 slots ahead, from the first PDCCH slot that
        // reaches it: full buffers take all its PRBs there, three UEs (the limit).
        let ul = harness.history.filter { $0.direction == .uplink }
        for grant in ul { XCTAssertEqual(grant.slot % 5, 4, "PUSCH in U slots only") }
        XCTAssertEqual(Dictionary(grouping: ul, by: \.slot).mapValues(\.count), [4: 3, 9: 3, 14: 3, 19: 3], "slot 13 grants slot 19")
    }

    func testInvalidConfigurationsAndInputsAreRefused() throws {
        var config = testConfig(policy: .proportionalFair(windowSlots: 0))
        config.harqProcessesPerUE = 33
        config.slices = [SliceConfig(id: 1, minPRBShare: 0.7), SliceConfig(id: 2, minPRBShare: 0.5, maxPRBShare: 0.4)]
        XCTAssertThrowsError(try CellScheduler(config: config)) { error in
            let reasons = (error as? CellSchedulerError)?.reasons ?? []
            XCTAssertEqual(reasons.count, 4, "\(reasons)")
        }
        let scheduler = try CellScheduler(config: testConfig(policy: .roundRobin, maxUEs: 2))
        try scheduler.addUE(rnti: 1)
        try scheduler.addUE(rnti: 2)
        XCTAssertThrowsError(try scheduler.addUE(rnti: 3))
        XCTAssertThrowsError(try scheduler.addUE(rnti: 3, slice: 9))
        XCTAssertThrowsError(try scheduler.setSliceQuota(slice: 0, minPRBShare: 0.6, maxPRBShare: 0.5))
    }
}
