import XCTest
@testable import NTN

/// The ionospheric scintillation term of TR 38.811 clause 6.6.6.1 at the edges of its use.
final class ScintillationTests: XCTestCase {
    /// TR 38.811 eq. 6.6-13 with P.531's f^-1.5 law: 2.2 dB at 2 GHz (TR 38.821 Table 6.1.3.3-1),
    /// 1.1 / sqrt(2) = 0.78 dB at 4 GHz, and 17.6 dB at 0.5 GHz, still below saturation.
    func testFrequencyLawWhereItHolds() {
        XCTAssertEqual(Scintillation.ionosphericLossDb(frequencyGHz: 2), 2.2, accuracy: 0.01)
        XCTAssertEqual(Scintillation.ionosphericLossDb(frequencyGHz: 4), 1.1 / 2.0.squareRoot(), accuracy: 1e-12)
        XCTAssertEqual(Scintillation.ionosphericLossDb(frequencyGHz: 0.5), 1.1 * pow(8, 1.5) / 2.0.squareRoot(), accuracy: 1e-12)
        XCTAssertEqual(Scintillation.ionosphericLossDb(frequencyGHz: 6), 0)
    }

    /// Below about 0.47 GHz the law would pass the saturated fluctuation of P.531 (27.5 dB peak to peak
    /// at S4 = 1): the loss stops at 27.5 / sqrt(2) = 19.4 dB instead of 197 dB at 0.1 GHz.
    func testBoundedBelowOneGHz() {
        let ceiling = 27.5 / 2.0.squareRoot()
        XCTAssertEqual(Scintillation.ionosphericLossDb(frequencyGHz: 0.1), ceiling, accuracy: 1e-12)
        XCTAssertEqual(Scintillation.ionosphericLossDb(frequencyGHz: 0.01), ceiling, accuracy: 1e-12)
        let frequencies = [0.01, 0.05, 0.1, 0.3, 0.45, 0.5, 0.7, 1, 2, 3, 5.9]
        let losses = frequencies.map { Scintillation.ionosphericLossDb(frequencyGHz: $0) }
        XCTAssertEqual(losses, losses.sorted(by: >), "never grows with frequency")
        XCTAssertTrue(losses.allSatisfy { $0 <= ceiling + 1e-12 })
        // A storm deepens the fluctuation up to saturation, not beyond.
        XCTAssertEqual(Scintillation.ionosphericLossDb(frequencyGHz: 2, depthMultiplier: 4), 4 * 2.2, accuracy: 0.04)
        XCTAssertEqual(Scintillation.ionosphericLossDb(frequencyGHz: 0.7, depthMultiplier: 5), ceiling, accuracy: 1e-12)
    }

    /// A HAPS flies below the ionosphere: no ionospheric scintillation on its path, in the term itself
    /// and in a whole budget (where the altitude comes from the slant range and the elevation).
    func testNoIonosphericScintillationForHAPS() {
        XCTAssertEqual(Scintillation.ionosphericLossDb(frequencyGHz: 2, platformAltitudeKm: 20), 0)
        XCTAssertEqual(Scintillation.ionosphericLossDb(frequencyGHz: 2, platformAltitudeKm: 600), 2.2, accuracy: 0.01)
        // The troposphere is below a HAPS too: its term stays (Ka band).
        XCTAssertEqual(Scintillation.lossDb(frequencyGHz: 20, elevationDeg: 30, platformAltitudeKm: 20), 0.30, accuracy: 1e-12)

        func budget(altitudeKm: Double) -> LinkBudgetResult {
            let d = ElevationGeometry.slantRangeKm(elevationDeg: 30, altitudeKm: altitudeKm)
            let input = LinkBudgetInput(frequencyGHz: 2, bandwidthHz: 30e6, eirpDbW: 40, gOverTDbPerK: -31.6,
                                        slantRangeKm: d, elevationDeg: 30)
            XCTAssertEqual(input.platformAltitudeKm, altitudeKm, accuracy: 1e-6)
            return LinkBudget.evaluate(input)
        }
        XCTAssertEqual(budget(altitudeKm: 20).scintillationLossDb, 0)
        XCTAssertEqual(budget(altitudeKm: 25).scintillationLossDb, 0)
        XCTAssertEqual(budget(altitudeKm: 600).scintillationLossDb, 2.2, accuracy: 0.01)
    }
}
