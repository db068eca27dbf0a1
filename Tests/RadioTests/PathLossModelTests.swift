import XCTest
@testable import Radio

/// Expected values are the TR 38.901 Table 7.4.1-1 / 7.4.2-1 formulas evaluated by hand
/// (h_E = 1 m, c = 3e8 m/s); tolerance 0.01 dB.
final class PathLossModelTests: XCTestCase {
    private func pl(_ scenario: PropagationScenario, d2D: Double, fc: Double, hBS: Double, hUT: Double, los: Bool) -> Double {
        let d3D = PathLossModel.distance3DM(distance2DM: d2D, baseStationHeightM: hBS, ueHeightM: hUT)
        return PathLossModel(scenario: scenario).pathLossDb(distance2DM: d2D, distance3DM: d3D, carrierGHz: fc,
                                                            baseStationHeightM: hBS, ueHeightM: hUT, los: los)
    }

    /// UMa, 3.5 GHz, h_BS 25 m, h_UT 1.5 m: d'_BP = 4*24*0.5*3.5e9/3e8 = 560 m.
    /// 100 m: d3D = 102.724, PL1 = 28 + 22 log10(102.724) + 20 log10(3.5) = 83.138 dB;
    /// NLOS' = 13.54 + 39.08 log10(102.724) + 10.881 = 103.038 dB.
    func testUMa() {
        XCTAssertEqual(PathLossModel(scenario: .uma).breakpointDistanceM(carrierGHz: 3.5, baseStationHeightM: 25, ueHeightM: 1.5), 560, accuracy: 1e-9)
        XCTAssertEqual(pl(.uma, d2D: 100, fc: 3.5, hBS: 25, hUT: 1.5, los: true), 83.1382, accuracy: 0.01)
        XCTAssertEqual(pl(.uma, d2D: 100, fc: 3.5, hBS: 25, hUT: 1.5, los: false), 103.0375, accuracy: 0.01)
        XCTAssertEqual(pl(.uma, d2D: 500, fc: 3.5, hBS: 25, hUT: 1.5, los: true), 98.2692, accuracy: 0.01)
        XCTAssertEqual(pl(.uma, d2D: 500, fc: 3.5, hBS: 25, hUT: 1.5, los: false), 129.9158, accuracy: 0.01)
        // Beyond the breakpoint: PL2 = 28 + 40 log10(d3D) + 20 log10(fc) - 9 log10(560^2 + 23.5^2).
        XCTAssertEqual(pl(.uma, d2D: 1500, fc: 3.5, hBS: 25, hUT: 1.5, los: true), 116.4529, accuracy: 0.01)
        XCTAssertEqual(pl(.uma, d2D: 1500, fc: 3.5, hBS: 25, hUT: 1.5, los: false), 148.5451, accuracy: 0.01)
    }

    /// UMi street canyon, 3.5 GHz, h_BS 10 m: d'_BP = 210 m.
    func testUMi() {
        XCTAssertEqual(pl(.umi, d2D: 50, fc: 3.5, hBS: 10, hUT: 1.5, los: true), 79.0896, accuracy: 0.01)
        XCTAssertEqual(pl(.umi, d2D: 50, fc: 3.5, hBS: 10, hUT: 1.5, los: false), 94.1807, accuracy: 0.01)
        XCTAssertEqual(pl(.umi, d2D: 300, fc: 3.5, hBS: 10, hUT: 1.5, los: true), 98.2443, accuracy: 0.01)
        XCTAssertEqual(pl(.umi, d2D: 300, fc: 3.5, hBS: 10, hUT: 1.5, los: false), 121.4372, accuracy: 0.01)
        XCTAssertEqual(pl(.umi, d2D: 800, fc: 3.5, hBS: 10, hUT: 1.5, los: false), 136.4686, accuracy: 0.01)
    }

    /// RMa, 0.7 GHz, h_BS 35 m, h_UT 1.5 m, h 5 m, W 20 m: d_BP = 2 pi 35 1.5 0.7e9/3e8 = 769.69 m.
    func testRMa() {
        XCTAssertEqual(PathLossModel(scenario: .rma).breakpointDistanceM(carrierGHz: 0.7, baseStationHeightM: 35, ueHeightM: 1.5), 769.6902, accuracy: 1e-3)
        XCTAssertEqual(pl(.rma, d2D: 200, fc: 0.7, hBS: 35, hUT: 1.5, los: true), 76.1696, accuracy: 0.01)
        XCTAssertEqual(pl(.rma, d2D: 200, fc: 0.7, hBS: 35, hUT: 1.5, los: false), 89.6640, accuracy: 0.01)
        XCTAssertEqual(pl(.rma, d2D: 1000, fc: 0.7, hBS: 35, hUT: 1.5, los: true), 93.3816, accuracy: 0.01)
        XCTAssertEqual(pl(.rma, d2D: 1000, fc: 0.7, hBS: 35, hUT: 1.5, los: false), 116.4449, accuracy: 0.01)
    }

    /// InH office, 3.5 GHz, h_BS 3 m, h_UT 1 m.
    func testInH() {
        XCTAssertEqual(pl(.inh, d2D: 5, fc: 3.5, hBS: 3, hUT: 1, los: true), 55.9311, accuracy: 0.01)
        XCTAssertEqual(pl(.inh, d2D: 5, fc: 3.5, hBS: 3, hUT: 1, los: false), 58.8522, accuracy: 0.01)
        XCTAssertEqual(pl(.inh, d2D: 40, fc: 3.5, hBS: 3, hUT: 1, los: false), 92.2270, accuracy: 0.01)
    }

    func testNLOSNeverBelowLOSAndMonotoneInDistance() {
        for scenario in PropagationScenario.allCases {
            let hBS = scenario.defaultBaseStationHeightM
            let hUT = scenario.defaultUEHeightM
            var previous = 0.0
            for d in stride(from: scenario.validDistance2DM.lowerBound, through: scenario.validDistance2DM.upperBound, by: 5) {
                let los = pl(scenario, d2D: d, fc: 3.5, hBS: hBS, hUT: hUT, los: true)
                let nlos = pl(scenario, d2D: d, fc: 3.5, hBS: hBS, hUT: hUT, los: false)
                XCTAssertGreaterThanOrEqual(nlos, los)
                XCTAssertGreaterThanOrEqual(nlos, previous)
                previous = nlos
            }
        }
    }

    /// Table 7.4.2-1 evaluated by hand.
    func testLOSProbability() {
        XCTAssertEqual(PathLossModel(scenario: .umi).losProbability(distance2DM: 10, ueHeightM: 1.5), 1)
        XCTAssertEqual(PathLossModel(scenario: .umi).losProbability(distance2DM: 300, ueHeightM: 1.5), 0.060226, accuracy: 1e-5)
        XCTAssertEqual(PathLossModel(scenario: .uma).losProbability(distance2DM: 200, ueHeightM: 1.5), 0.128048, accuracy: 1e-5)
        // UMa with h_UT = 22.5 m: C'(h_UT) = (0.95)^1.5 raises the probability.
        XCTAssertEqual(PathLossModel(scenario: .uma).losProbability(distance2DM: 200, ueHeightM: 22.5), 0.440582, accuracy: 1e-5)
        XCTAssertEqual(PathLossModel(scenario: .rma).losProbability(distance2DM: 1000, ueHeightM: 1.5), 0.371577, accuracy: 1e-5)
        XCTAssertEqual(PathLossModel(scenario: .inh).losProbability(distance2DM: 4, ueHeightM: 1), 0.551152, accuracy: 1e-5)
        XCTAssertEqual(PathLossModel(scenario: .inh).losProbability(distance2DM: 20, ueHeightM: 1), 0.211497, accuracy: 1e-5)
    }

    func testShadowFadingStd() {
        XCTAssertEqual(PathLossModel(scenario: .uma).shadowFadingStdDb(los: true), 4)
        XCTAssertEqual(PathLossModel(scenario: .uma).shadowFadingStdDb(los: false), 6)
        XCTAssertEqual(PathLossModel(scenario: .umi).shadowFadingStdDb(los: false), 7.82)
        XCTAssertEqual(PathLossModel(scenario: .inh).shadowFadingStdDb(los: false), 8.03)
        let rma = PathLossModel(scenario: .rma)
        XCTAssertEqual(rma.shadowFadingStdDb(los: true, distance2DM: 500, carrierGHz: 0.7, baseStationHeightM: 35, ueHeightM: 1.5), 4)
        XCTAssertEqual(rma.shadowFadingStdDb(los: true, distance2DM: 1000, carrierGHz: 0.7, baseStationHeightM: 35, ueHeightM: 1.5), 6)
        XCTAssertEqual(rma.shadowFadingStdDb(los: false), 8)
    }

    /// TR 38.901 clause 7.4.1: every model holds from 0.5 GHz, to 100 GHz except RMa, which
    /// Table 7.4.1-1 validates to 30 GHz only; outside, the carrier is refused with the range in the error.
    func testCarrierValidityRange() {
        XCTAssertEqual(PropagationScenario.rma.validCarrierGHz, 0.5...30)
        for s in [PropagationScenario.uma, .umi, .inh] { XCTAssertEqual(s.validCarrierGHz, 0.5...100) }
        let rma = PathLossModel(scenario: .rma)
        XCTAssertNoThrow(try rma.validate(carrierGHz: 0.5))
        XCTAssertNoThrow(try rma.validate(carrierGHz: 30))
        for fc in [0.4, 30.01, 39, .nan, .infinity] {
            XCTAssertThrowsError(try rma.validate(carrierGHz: fc), "rma at \(fc) GHz") { error in
                XCTAssertTrue("\(error)".contains("0.5...30.0 GHz"), "\(error)")
                XCTAssertTrue("\(error)".contains("rma"), "\(error)")
            }
        }
        XCTAssertNoThrow(try PathLossModel(scenario: .uma).validate(carrierGHz: 39))
        XCTAssertThrowsError(try PathLossModel(scenario: .inh).validate(carrierGHz: 100.5))
        XCTAssertThrowsError(try PathLossModel(scenario: .umi).validate(carrierGHz: 0.45))
    }
}
