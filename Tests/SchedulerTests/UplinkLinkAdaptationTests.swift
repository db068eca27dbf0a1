import Radio
import XCTest
@testable import Scheduler

/// Hand numbers with the CQI table 1 thresholds of ``CQITable/thresholdDb(cqi:curve:)``:
/// CQI 5 from 2.4 dB, CQI 6 from 4.3 dB, CQI 13 from 18.7 dB, CQI 14 from 21.0 dB.
final class UplinkLinkAdaptationTests: XCTestCase {
    let adaptation = UplinkLinkAdaptation(cellPRBs: 106, cqiTable: .table1, sinrFloorDb: 3)

    /// 10 dB on 10 PRBs is 20 dB on one: 10^((20 - 3) / 10) = 50.1 PRBs are worth granting,
    /// where the SINR is 20 - 10 log10(50) = 3.01 dB: CQI 5.
    func testPowerHeadroomKeepsTheSINRPerPRBAboveTheFloor() throws {
        let outcome = try XCTUnwrap(adaptation.adapt(sinrDb: 10, prbs: 10))
        XCTAssertEqual(outcome, UplinkLinkAdaptation.Outcome(maxPRBs: 50, cqi: 5))
        // 0 dB on 10 PRBs: 10 dB on one, 10^0.7 = 5.01 -> 5 PRBs at 10 - 6.99 = 3.01 dB, CQI 5 again.
        XCTAssertEqual(adaptation.adapt(sinrDb: 0, prbs: 10), UplinkLinkAdaptation.Outcome(maxPRBs: 5, cqi: 5))
    }

    /// 30 dB on 10 PRBs (40 dB on one) would be worth 5011 PRBs: the cell's 106, at
    /// 40 - 10 log10(106) = 19.75 dB, CQI 13.
    func testAGoodUEGetsTheWholeCell() {
        XCTAssertEqual(adaptation.adapt(sinrDb: 30, prbs: 10), UplinkLinkAdaptation.Outcome(maxPRBs: 106, cqi: 13))
        // Int16 centi-dB tops out at 327.67 dB: clamped before the conversion to Int.
        XCTAssertEqual(adaptation.adapt(sinrDb: 327.67, prbs: 273)?.maxPRBs, 106)
    }

    /// -10 dB on one PRB is worth 10^-1.3 = 0.05 PRBs: one, and CQI 1 rather than 0, so the UE
    /// keeps the grant it needs to be measured again. At or below -30 dB nothing was received.
    func testAWeakUEKeepsOnePRBAndCQI1AndNoSignalIsNoMeasurement() {
        XCTAssertEqual(adaptation.adapt(sinrDb: -10, prbs: 1), UplinkLinkAdaptation.Outcome(maxPRBs: 1, cqi: 1))
        XCTAssertNil(adaptation.adapt(sinrDb: -30, prbs: 10))
        XCTAssertNil(adaptation.adapt(sinrDb: -50, prbs: 10))
        XCTAssertEqual(adaptation.adapt(sinrDb: -29.99, prbs: 1), UplinkLinkAdaptation.Outcome(maxPRBs: 1, cqi: 1))
    }

    /// Through the scheduler: a UE granted the whole 52-PRB cell at UL CQI 9 is measured at
    /// 0 dB on 10 PRBs: from then on at most 5 PRBs (see above) at CQI 3 of table 2 (the
    /// efficiency of table 1's CQI 5), so a lower MCS.
    func testAPUSCHMeasurementNarrowsTheUEsUplinkGrants() throws {
        let harness = try SchedulerTestHarness(testConfig(policy: .roundRobin, prbs: 52))
        let ue = try harness.scheduler.addUE(rnti: 1, initialCQI: 9)
        harness.scheduler.handleULBufferStatusReport(ue: ue, pendingBytes: 1 << 24)
        var before: [Grant] = []
        while before.isEmpty { before = harness.step().ul }
        XCTAssertEqual(before[0].numPRBs, 52)
        harness.scheduler.handlePUSCHMeasurement(ue: ue, sinrDb: 0, prbs: 10)
        var after: [Grant] = []
        while after.isEmpty { after = harness.step().ul.filter { !$0.isRetransmission } }
        XCTAssertEqual(after[0].numPRBs, 5)
        XCTAssertLessThan(after[0].mcs, before[0].mcs)
    }
}
