import XCTest
@testable import Radio

final class UplinkPowerControlTests: XCTestCase {
    /// TS 38.213 7.1.1 open loop per PRB, P0 = -80 dBm, alpha = 0.8, P_CMAX = 23 dBm:
    /// PL 100 dB -> -80 + 80 = 0 dBm per PRB, under the cap on 1 PRB (23) and 10 PRBs (23 - 10 = 13).
    func testFractionalPowerBelowTheCap() {
        let pc = UplinkPowerControl(maxPowerDbm: 23, p0DbmPerPRB: -80, alpha: 0.8)
        XCTAssertEqual(pc.txPowerPerPRBDbm(pathLossDb: 100, prbs: 1), 0, accuracy: 1e-12)
        XCTAssertEqual(pc.txPowerPerPRBDbm(pathLossDb: 100, prbs: 10), 0, accuracy: 1e-12)
    }

    /// PL 130 dB asks for -80 + 104 = 24 dBm per PRB: capped at 23 dBm on 1 PRB and at
    /// 23 - 10 log10(10) = 13 dBm per PRB on 10 PRBs (P_CMAX spread over the PRBs).
    func testPmaxCapsThePowerSpreadOverThePRBs() {
        let pc = UplinkPowerControl(maxPowerDbm: 23, p0DbmPerPRB: -80, alpha: 0.8)
        XCTAssertEqual(pc.txPowerPerPRBDbm(pathLossDb: 130, prbs: 1), 23, accuracy: 1e-12)
        XCTAssertEqual(pc.txPowerPerPRBDbm(pathLossDb: 130, prbs: 10), 13, accuracy: 1e-12)
        XCTAssertEqual(pc.txPowerPerPRBDbm(pathLossDb: 130, prbs: 0), 23, accuracy: 1e-12, "0 PRBs count as one")
    }

    /// Fractional control leaves part of the path loss uncompensated: 10 dB more path loss
    /// arrives (1 - 0.8) * 10 = 2 dB weaker; full compensation (alpha 1) arrives at P0.
    func testAlphaSetsHowMuchPathLossIsCompensated() {
        let fractional = UplinkPowerControl(maxPowerDbm: 23, p0DbmPerPRB: -80, alpha: 0.8)
        let near = fractional.txPowerPerPRBDbm(pathLossDb: 90, prbs: 1) - 90
        let far = fractional.txPowerPerPRBDbm(pathLossDb: 100, prbs: 1) - 100
        XCTAssertEqual(near - far, 2, accuracy: 1e-12)
        let full = UplinkPowerControl(maxPowerDbm: 23, p0DbmPerPRB: -80, alpha: 1)
        XCTAssertEqual(full.txPowerPerPRBDbm(pathLossDb: 95, prbs: 1) - 95, -80, accuracy: 1e-12)
    }

    func testPRBSpanOverlap() {
        let a = PRBSpan(start: 0, count: 10)
        XCTAssertEqual(a.overlap(with: PRBSpan(start: 5, count: 10)), 5)
        XCTAssertEqual(a.overlap(with: PRBSpan(start: 10, count: 4)), 0, "adjacent spans share nothing")
        XCTAssertEqual(a.overlap(with: [PRBSpan(start: 0, count: 3), PRBSpan(start: 8, count: 20)]), 5)
        XCTAssertEqual(PRBSpan(start: 2, count: 2).overlap(with: [PRBSpan(start: 0, count: 10)]), 2, "at most the span's own PRBs")
    }
}
