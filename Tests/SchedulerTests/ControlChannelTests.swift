import Radio
import XCTest
@testable import Scheduler

/// PDCCH CCEs, PUCCH HARQ-ACK room and TDD-aware K1/K2.
final class ControlChannelTests: XCTestCase {
    private func fullBufferScheduler(_ config: CellSchedulerConfig, ues: Int, cqi: Int) throws -> SchedulerTestHarness {
        let harness = try SchedulerTestHarness(config)
        for i in 0..<ues {
            let ue = try harness.scheduler.addUE(rnti: RNTI(0x4601 + i), initialCQI: cqi)
            harness.scheduler.handleDLBufferStatus(ue: ue, pendingBytes: 10_000_000, headOfLineArrivalSlot: 0)
            harness.scheduler.handleULBufferStatusReport(ue: ue, pendingBytes: 10_000_000)
        }
        return harness
    }

    func testAggregationLevelGrowsAsCQIFalls() {
        XCTAssertEqual(PDCCHConfig.aggregationLevel(cqi: 15), 1)
        XCTAssertEqual(PDCCHConfig.aggregationLevel(cqi: 10), 2)
        XCTAssertEqual(PDCCHConfig.aggregationLevel(cqi: 7), 4)
        XCTAssertEqual(PDCCHConfig.aggregationLevel(cqi: 4), 8)
        XCTAssertEqual(PDCCHConfig.aggregationLevel(cqi: 1), 8, "no AL 16 candidates in the UE's search space")
        XCTAssertEqual(PDCCHConfig(coresetPRBs: 48, coresetSymbols: 2).cces, 16)
        XCTAssertEqual(PDCCHConfig.fitting(carrierPRBs: 273).coresetPRBs, 96)
        XCTAssertEqual(PDCCHConfig.fitting(carrierPRBs: 51).coresetPRBs, 48)
    }

    /// 8 CCEs at aggregation level 4 (CQI 7) hold two DCIs. DL DCIs leave half of the CORESET
    /// to the uplink in slots that grant an UL slot, so one DL and one UL grant fit, never more;
    /// the refused ones are counted.
    func testDLAndULDCIsShareTheCORESET() throws {
        var config = testConfig(policy: .roundRobin, tdd: "FDD")
        config.pdcch = PDCCHConfig(coresetPRBs: 24, coresetSymbols: 2)
        let harness = try fullBufferScheduler(config, ues: 10, cqi: 7)
        for _ in 0..<40 {
            let (dl, ul) = harness.step()
            XCTAssertEqual(dl.count, 1, "the second DL DCI would eat into the uplink's half")
            XCTAssertEqual(ul.count, 1)
        }
        let stats = harness.scheduler.statistics
        XCTAssertEqual(stats.ccesUsed, 40 * 8)
        XCTAssertEqual(stats.ccesAvailable, 40 * 8)
        XCTAssertGreaterThan(stats.blockedDLDCIs, 0)
        XCTAssertGreaterThan(stats.blockedULDCIs, 0)
    }

    /// Without uplink data nothing is kept for UL DCIs: the downlink gets the whole CORESET.
    func testDownlinkTakesTheWholeCORESETWhenNoUEHasUplinkData() throws {
        var config = testConfig(policy: .roundRobin, tdd: "FDD")
        config.pdcch = PDCCHConfig(coresetPRBs: 24, coresetSymbols: 2)
        let harness = try SchedulerTestHarness(config)
        for i in 0..<10 {
            let ue = try harness.scheduler.addUE(rnti: RNTI(0x4601 + i), initialCQI: 7)
            harness.scheduler.handleDLBufferStatus(ue: ue, pendingBytes: 10_000_000, headOfLineArrivalSlot: 0)
        }
        for _ in 0..<10 { XCTAssertEqual(harness.step().dl.count, 2, "two DCIs of 4 CCEs in 8") }
    }

    /// The PDCCH is single-layer: a UE reporting CQI 7 at rank 4 needs the aggregation level of its
    /// single-layer CQI, not of CQI 7.
    func testAggregationLevelFollowsTheSingleLayerCQI() throws {
        var config = testConfig(policy: .roundRobin, tdd: "FDD")
        config.layers = 4
        let scheduler = try CellScheduler(config: config)
        let ue = try scheduler.addUE(rnti: 0x4601, initialCQI: 7)
        scheduler.handleRankIndicator(ue: ue, rank: 4)
        scheduler.handleCQIReport(ue: ue, cqi: 7)
        XCTAssertGreaterThan(scheduler.pdcchCQI[ue.value], 9, "4 layers cost about 10.5 dB: about four CQI steps")
        scheduler.handleRankIndicator(ue: ue, rank: 1)
        scheduler.handleCQIReport(ue: ue, cqi: 7)
        XCTAssertEqual(scheduler.pdcchCQI[ue.value], 7)
    }

    /// SSB slots keep their 20 PRBs at the bottom of the carrier; CSI-RS and TRS slots carry smaller
    /// transport blocks on the same PRBs and MCS.
    func testReferenceSignalsTakeTheirResources() throws {
        var config = testConfig(policy: .roundRobin, prbs: 52, tdd: "FDD")
        config.fixedMCS = 20
        config.maxDLGrantsPerSlot = 1
        config.referenceSignals = ReferenceSignalConfig(ssbPeriodSlots: 20, ssbSlots: 2, csiRSPeriodSlots: 20, csiRSOffsetSlots: 4,
                                                        csiRSREsPerPRB: 4)
        let harness = try fullBufferScheduler(config, ues: 1, cqi: 15)
        var bySlot: [Int: Grant] = [:]
        for _ in 0..<20 {
            let slot = harness.slot
            if let g = harness.step().dl.first { bySlot[slot] = g }
        }
        for ssb in [0, 1] {
            let g = try XCTUnwrap(bySlot[ssb])
            XCTAssertGreaterThanOrEqual(g.startPRB, 20, "slot \(ssb)")
            XCTAssertLessThanOrEqual(g.startPRB + g.numPRBs, 52)
        }
        let plain = try XCTUnwrap(bySlot[10]), csi = try XCTUnwrap(bySlot[4]), trs = try XCTUnwrap(bySlot[5])
        XCTAssertEqual(plain.numPRBs, 52)
        XCTAssertEqual(csi.numPRBs, 52)
        XCTAssertLessThan(csi.tbsBytes, plain.tbsBytes)
        XCTAssertLessThan(trs.tbsBytes, csi.tbsBytes, "TRS (6 REs) costs more than 4-port CSI-RS (4 REs)")
        XCTAssertEqual(bySlot[7]?.tbsBytes, plain.tbsBytes)
    }

    func testGoodChannelsNeedFewerCCEs() throws {
        var config = testConfig(policy: .roundRobin, tdd: "FDD")
        config.pdcch = PDCCHConfig(coresetPRBs: 24, coresetSymbols: 2)
        let harness = try fullBufferScheduler(config, ues: 10, cqi: 15)
        let (dl, ul) = harness.step()
        XCTAssertEqual(dl.count, 4, "DL DCIs at level 1 take 4 of 8 CCEs, leaving half to the uplink")
        XCTAssertEqual(ul.count, 4)
    }

    /// Every HARQ-ACK lands in a full UL slot with K1 from the set, and no UL slot carries more
    /// UEs' ACKs than the PUCCH allows.
    func testHARQACKsLandInUplinkSlotsWithinThePUCCHBudget() throws {
        var config = testConfig(policy: .roundRobin, tdd: "DDDDDDDSUU")
        config.k1 = 4
        config.maxDLGrantsPerSlot = 16
        config.pucch = PUCCHConfig(harqResourcesPerULSlot: 6)
        let harness = try fullBufferScheduler(config, ues: 40, cqi: 12)
        var acks: [Int: Set<Int>] = [:]
        for _ in 0..<200 {
            let slot = harness.slot
            let (dl, _) = harness.step()
            for g in dl {
                XCTAssertTrue(config.effectiveK1Candidates.contains(g.k1))
                let ackSlot = slot + g.k1
                XCTAssertEqual(config.tdd.kind(ofSlot: ackSlot), .uplink, "ACK of slot \(slot) in slot \(ackSlot)")
                acks[ackSlot, default: []].insert(g.ue.value)
            }
        }
        XCTAssertFalse(acks.isEmpty)
        for (slot, ues) in acks { XCTAssertLessThanOrEqual(ues.count, 6, "UL slot \(slot)") }
        XCTAssertGreaterThan(harness.scheduler.statistics.blockedByPUCCH, 0)
        XCTAssertGreaterThan(harness.scheduler.statistics.pucchHARQ, 0)
    }

    /// DDSUU with K2 >= 4: every slot with PDCCH grants the first UL slot at least 4 slots on:
    /// slot 0 the UL slot 4 (K2 4), slot 1 and the special slot 2 the UL slot 8 (K2 7 and 6).
    func testK2FollowsTheTDDPattern() throws {
        var config = testConfig(policy: .roundRobin, tdd: "DDSUU")
        config.ulGrantOffsetSlots = 4
        let scheduler = try CellScheduler(config: config)
        XCTAssertEqual(scheduler.k2BySlot, [4, 7, 6, -1, -1])
        XCTAssertEqual(CellScheduler.k2Table(config: testConfig(policy: .roundRobin, tdd: "FDD"), ulBySlot: [0]), [2])
    }

    func testK1CandidatesAreValidated() {
        var config = testConfig(policy: .roundRobin)
        config.k1Candidates = [4, 16]
        XCTAssertThrowsError(try CellScheduler(config: config))
        config.k1Candidates = [4, 6]
        XCTAssertNoThrow(try CellScheduler(config: config))
        config.pdcch = PDCCHConfig(coresetPRBs: 10, coresetSymbols: 2)
        XCTAssertThrowsError(try CellScheduler(config: config))
    }
}

/// Rank: a UE reporting rank v gets v-layer transport blocks, whose TBS is about v times one layer's.
final class RankSchedulingTests: XCTestCase {
    func testGrantsFollowTheReportedRankUpToTheCellsLayers() throws {
        var config = testConfig(policy: .roundRobin, tdd: "FDD")
        config.layers = 2
        let harness = try SchedulerTestHarness(config)
        let one = try harness.scheduler.addUE(rnti: 0x4601, initialCQI: 12)
        let four = try harness.scheduler.addUE(rnti: 0x4602, initialCQI: 12)
        harness.scheduler.handleRankIndicator(ue: four, rank: 4)
        for ue in [one, four] { harness.scheduler.handleDLBufferStatus(ue: ue, pendingBytes: 10_000_000, headOfLineArrivalSlot: 0) }
        let (dl, _) = harness.step()
        let g1 = try XCTUnwrap(dl.first { $0.ue == one })
        let g4 = try XCTUnwrap(dl.first { $0.ue == four })
        XCTAssertEqual(g1.layers, 1)
        XCTAssertEqual(g4.layers, 2, "capped by the cell's layers")
        let perPRB1 = Double(g1.tbsBytes) / Double(g1.numPRBs), perPRB2 = Double(g4.tbsBytes) / Double(g4.numPRBs)
        XCTAssertEqual(perPRB2 / perPRB1, 2, accuracy: 0.1)
        harness.run(slots: 50)
        XCTAssertEqual(harness.scheduler.statistics.dlLayers,
                       harness.history.filter { $0.direction == .downlink }.reduce(0) { $0 + $1.grant.layers })
    }
}

/// An UL slot granted from several PDCCH slots: each takes what the earlier ones left, and no UE
/// gets two PUSCHs in one slot.
final class UplinkFromSeveralSlotsTests: XCTestCase {
    func testEachPDCCHSlotGrantsWhatIsLeftOfTheULSlot() throws {
        var config = testConfig(policy: .roundRobin, prbs: 52, tdd: "DDDSU")
        config.ulGrantOffsetSlots = 1
        config.maxULGrantsPerSlot = 2
        let harness = try SchedulerTestHarness(config)
        for i in 0..<8 {
            let ue = try harness.scheduler.addUE(rnti: RNTI(0x4601 + i), initialCQI: 12)
            harness.scheduler.handleULBufferStatusReport(ue: ue, pendingBytes: 300)
            harness.scheduler.handleULPowerHeadroom(ue: ue, maxPRBs: 6)
        }
        harness.run(slots: 5)
        let ul = harness.history.filter { $0.direction == .uplink && $0.slot == 4 }
        XCTAssertEqual(ul.count, 8, "slots 0 to 3 each grant 2 UEs in UL slot 4")
        XCTAssertEqual(Set(ul.map(\.grant.ue)).count, 8, "one PUSCH per UE")
        var used = Set<Int>()
        for g in ul.map(\.grant) {
            for prb in g.startPRB..<(g.startPRB + g.numPRBs) { XCTAssertTrue(used.insert(prb).inserted, "PRB \(prb) twice") }
        }
    }
}
