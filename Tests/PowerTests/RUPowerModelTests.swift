import XCTest
@testable import Power

/// EARTH model against hand computations from Auer et al. 2011, Table 2.
final class RUPowerModelTests: XCTestCase {
    /// Expected site input power: (EARTH sleep at P_out = 0, active no-load, 50 % load, 100 % load).
    /// macro: 6*75 = 450; 6*130 = 780; 6*(130 + 4.7*10) = 1062; 6*(130 + 4.7*20) = 1344.
    /// RRH:   6*56 = 336; 6*84 = 504;  6*(84 + 2.8*10) = 672;   6*(84 + 2.8*20) = 840.
    /// micro: 2*39 = 78;  2*56 = 112;  2*(56 + 2.6*3.15) = 128.38; 2*(56 + 2.6*6.3) = 144.76.
    /// pico:  2*4.3 = 8.6; 2*6.8 = 13.6; 2*(6.8 + 4*0.065) = 14.12; 2*(6.8 + 4*0.13) = 14.64.
    /// femto: 2*2.9 = 5.8; 2*4.8 = 9.6;  2*(4.8 + 8*0.025) = 10.0;  2*(4.8 + 8*0.05) = 10.4.
    static let expected: [(BaseStationType, sleep: Double, noLoad: Double, half: Double, full: Double)] = [
        (.macro, 450, 780, 1062, 1344),
        (.rrh, 336, 504, 672, 840),
        (.micro, 78, 112, 128.38, 144.76),
        (.pico, 8.6, 13.6, 14.12, 14.64),
        (.femto, 5.8, 9.6, 10.0, 10.4),
    ]

    func testPublishedParameters() {
        let macro = EARTHParameters.published(.macro)
        XCTAssertEqual(macro.transceiverCount, 6)
        XCTAssertEqual(macro.maxOutputPowerW, 20)
        XCTAssertEqual(macro.noLoadPowerW, 130)
        XCTAssertEqual(macro.loadSlope, 4.7)
        XCTAssertEqual(macro.sleepPowerW, 75)
        let pico = EARTHParameters.published(.pico)
        XCTAssertEqual(pico.maxOutputPowerW, 0.13)
        XCTAssertEqual(pico.sleepPowerW, 4.3)
    }

    func testEARTHAtZeroHalfAndFullLoad() {
        for (type, sleep, noLoad, half, full) in Self.expected {
            let m = RUPowerModel(type: type)
            let tol = 1e-9 * full
            // Published two-line equation: P_out = 0 means the EARTH sleep branch.
            XCTAssertEqual(m.earthInputPowerW(outputPowerW: m.outputPowerW(load: 0)), sleep, accuracy: tol, "\(type) 0 %")
            XCTAssertEqual(m.earthInputPowerW(outputPowerW: m.outputPowerW(load: 0.5)), half, accuracy: tol, "\(type) 50 %")
            XCTAssertEqual(m.earthInputPowerW(outputPowerW: m.outputPowerW(load: 1)), full, accuracy: tol, "\(type) 100 %")
            // Explicit states: an active RU with no PRB in use draws the no-load power.
            XCTAssertEqual(m.inputPowerW(load: 0, state: .active), noLoad, accuracy: tol, "\(type) active idle")
            XCTAssertEqual(m.inputPowerW(load: 0.5, state: .active), half, accuracy: tol)
            XCTAssertEqual(m.inputPowerW(load: 1, state: .active), full, accuracy: tol)
            XCTAssertEqual(m.inputPowerW(load: 0.7, state: .sleep(.sm1)), sleep, accuracy: tol, "SM1 is EARTH's P_sleep")
            XCTAssertEqual(m.fullLoadPowerW, full, accuracy: tol)
            XCTAssertEqual(m.noLoadPowerW, noLoad, accuracy: tol)
        }
    }

    func testLoadIsClamped() {
        let m = RUPowerModel(type: .macro)
        XCTAssertEqual(m.inputPowerW(load: 1.7, state: .active), 1344, accuracy: 1e-9)
        XCTAssertEqual(m.inputPowerW(load: -0.3, state: .active), 780, accuracy: 1e-9)
    }

    /// Deeper sleep draws less, and transitions draw the no-load power.
    func testSleepPowersDecreaseWithDepth() {
        for type in BaseStationType.allCases {
            let m = RUPowerModel(type: type)
            let powers = RUSleepDepth.allCases.map { m.sleepPowerW($0) }
            for (a, b) in zip(powers, powers.dropFirst()) { XCTAssertGreaterThan(a, b, "\(type)") }
            XCTAssertLessThan(powers[0], m.noLoadPowerW)
            XCTAssertEqual(m.inputPowerW(load: 0.9, state: .wakingUp), m.noLoadPowerW)
            XCTAssertEqual(m.inputPowerW(load: 0.9, state: .enteringSleep(.sm3)), m.noLoadPowerW)
        }
        // Macro SM2 = 780 * 14.3 / 109 = 102.33 W; SM3 = 780 * 9.51 / 109 = 68.05 W.
        let macro = RUPowerModel(type: .macro)
        XCTAssertEqual(macro.sleepPowerW(.sm2), 102.33, accuracy: 0.01)
        XCTAssertEqual(macro.sleepPowerW(.sm3), 68.05, accuracy: 0.01)
    }

    func testSleepTimingTable() {
        let t = RUSleepModeTable.default
        XCTAssertEqual(t[.sm1].minimumDurationUs, 71.4, accuracy: 1e-9)
        XCTAssertEqual(t[.sm2].minimumDurationUs, 1_000)
        XCTAssertEqual(t[.sm3].minimumDurationUs, 10_000)
        XCTAssertEqual(t[.sm4].minimumDurationUs, 1_000_000)
        for d in RUSleepDepth.allCases {
            XCTAssertEqual(t[d].deactivationUs + t[d].activationUs, t[d].minimumDurationUs, accuracy: 1e-9)
        }
    }

    func testDeepestSleepForIdleGap() {
        let m = RUPowerModel(type: .micro)
        XCTAssertNil(m.deepestSleep(forIdleDurationUs: 50))
        XCTAssertEqual(m.deepestSleep(forIdleDurationUs: 500), .sm1)
        XCTAssertEqual(m.deepestSleep(forIdleDurationUs: 1_000), .sm2)
        XCTAssertEqual(m.deepestSleep(forIdleDurationUs: 20_000), .sm3)
        XCTAssertEqual(m.deepestSleep(forIdleDurationUs: 3_600_000_000), .sm4)
    }

    func testAbsoluteSleepPower() {
        var table = RUSleepModeTable.default
        table.sm4.power = .absoluteW(2.5)
        let m = RUPowerModel(earth: .published(.rrh), sleepModes: table)
        XCTAssertEqual(m.inputPowerW(load: 0, state: .sleep(.sm4)), 2.5)
    }
}
