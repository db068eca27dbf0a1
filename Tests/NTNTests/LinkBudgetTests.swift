import XCTest
@testable import NTN

/// Link budgets against TR 38.821 Table 6.1.3.3-1 ("Link budgets results", Set-1 parameters,
/// LEO at 30 degrees elevation, GEO at 12.5 degrees), and the TR 38.811 clause 6.4 / 6.6 terms.
final class LinkBudgetTests: XCTestCase {
    struct Row {
        let name: String
        let altitudeKm, elevationDeg, frequencyGHz, eirpDbW, gOverT, bandwidthHz, shadowDb: Double
        // Published values.
        let fsplDb, atmDb, scintDb, cnrDb: Double
    }

    /// The LEO-600 rows of TR 38.821 Table 6.1.3.3-1 (SC6: Ka-band VSAT, SC9: S-band handheld).
    /// Inputs are the table's EIRP, G/T and bandwidth; FSPL, atmospheric and scintillation losses
    /// and the CNR are computed by the model and compared with the published columns.
    static let rows: [Row] = [
        Row(name: "SC6 DL", altitudeKm: 600, elevationDeg: 30, frequencyGHz: 20, eirpDbW: 30.0, gOverT: 15.9,
            bandwidthHz: 400e6, shadowDb: 0, fsplDb: 179.1, atmDb: 0.5, scintDb: 0.3, cnrDb: 8.5),
        Row(name: "SC6 UL", altitudeKm: 600, elevationDeg: 30, frequencyGHz: 30, eirpDbW: 46.2, gOverT: 13.0,
            bandwidthHz: 400e6, shadowDb: 0, fsplDb: 182.6, atmDb: 0.5, scintDb: 0.3, cnrDb: 18.4),
        Row(name: "SC9 DL", altitudeKm: 600, elevationDeg: 30, frequencyGHz: 2, eirpDbW: 48.8, gOverT: -31.6,
            bandwidthHz: 30e6, shadowDb: 3, fsplDb: 159.1, atmDb: 0.1, scintDb: 2.2, cnrDb: 6.6),
        Row(name: "SC9 UL", altitudeKm: 600, elevationDeg: 30, frequencyGHz: 2, eirpDbW: -7.0, gOverT: 1.1,
            bandwidthHz: 360e3, shadowDb: 3, fsplDb: 159.1, atmDb: 0.1, scintDb: 2.2, cnrDb: 2.8),
    ]

    func testTR38821LinkBudgetRows() {
        for r in Self.rows {
            let d = ElevationGeometry.slantRangeKm(elevationDeg: r.elevationDeg, altitudeKm: r.altitudeKm)
            let result = LinkBudget.evaluate(LinkBudgetInput(
                frequencyGHz: r.frequencyGHz, bandwidthHz: r.bandwidthHz, eirpDbW: r.eirpDbW, gOverTDbPerK: r.gOverT,
                slantRangeKm: d, elevationDeg: r.elevationDeg, shadowMarginDb: r.shadowDb))
            print(String(format: "%@: FSPL %.2f atm %.2f scint %.2f CNR %.2f dB (TR 38.821: %.1f)", r.name,
                         result.freeSpacePathLossDb, result.atmosphericLossDb, result.scintillationLossDb, result.cnrDb, r.cnrDb))
            XCTAssertEqual(result.freeSpacePathLossDb, r.fsplDb, accuracy: 0.05, r.name)
            XCTAssertEqual(result.atmosphericLossDb, r.atmDb, accuracy: 0.1, r.name)
            XCTAssertEqual(result.scintillationLossDb, r.scintDb, accuracy: 0.1, r.name)
            XCTAssertEqual(result.cnrDb, r.cnrDb, accuracy: 0.5, r.name)
        }
    }

    /// The FSPL column of the same table for the other orbits: GEO at 12.5 degrees (210.6 dB at
    /// 20 GHz, 190.6 dB at 2 GHz) and LEO-1200 at 30 degrees (184.5 dB at 20 GHz, 164.5 dB at 2 GHz).
    func testTR38821FreeSpaceLossColumn() {
        let geo = ElevationGeometry.slantRangeKm(elevationDeg: 12.5, altitudeKm: 35_786)
        XCTAssertEqual(NTNPathLoss.freeSpaceDb(distanceKm: geo, frequencyGHz: 20), 210.6, accuracy: 0.05)
        XCTAssertEqual(NTNPathLoss.freeSpaceDb(distanceKm: geo, frequencyGHz: 2), 190.6, accuracy: 0.05)
        let leo = ElevationGeometry.slantRangeKm(elevationDeg: 30, altitudeKm: 1200)
        XCTAssertEqual(NTNPathLoss.freeSpaceDb(distanceKm: leo, frequencyGHz: 20), 184.5, accuracy: 0.05)
        XCTAssertEqual(NTNPathLoss.freeSpaceDb(distanceKm: leo, frequencyGHz: 2), 164.5, accuracy: 0.05)
    }

    /// Default parameters reproduce the table's EIRP and G/T (Tables 6.1.1.1-1 and 6.1.1.1-3).
    func testTR38821Defaults() {
        let s = TR38821Parameters.set1(platform: .leo, altitudeKm: 600, band: .sBand)
        XCTAssertEqual(LinkBudget.eirpDbW(densityDbWPerMHz: s.satelliteEirpDensityDbWPerMHz, bandwidthHz: s.downlinkBandwidthHz), 48.8, accuracy: 0.05)
        XCTAssertEqual(s.ueGOverTDbPerK, -31.6, accuracy: 0.05)
        let ka = TR38821Parameters.set1(platform: .leo, altitudeKm: 600, band: .kaBand)
        XCTAssertEqual(LinkBudget.eirpDbW(densityDbWPerMHz: ka.satelliteEirpDensityDbWPerMHz, bandwidthHz: ka.downlinkBandwidthHz), 30.0, accuracy: 0.05)
        XCTAssertEqual(ka.ueGOverTDbPerK, 15.9, accuracy: 0.05)
        XCTAssertEqual(ka.ueEirpDbW, 46.2, accuracy: 1e-9)
    }

    /// TR 38.821 Table 6.1.1.1-1: 3 dB beamwidth 4.4127 deg for a 2 m aperture at 2 GHz and
    /// 1.7647 deg for 0.5 m at 20 GHz (the table takes c = 3e8 m/s; we use the exact c, 0.07 % apart).
    func testSatelliteAntennaBeamwidth() {
        let s = CircularApertureAntenna(apertureDiameterM: 2, frequencyHz: 2e9, peakGainDbi: 30)
        XCTAssertEqual(s.beamwidth3dBDeg, 4.4127, accuracy: 0.01)
        XCTAssertEqual(s.gainDbi(offBoresightDeg: s.beamwidth3dBDeg / 2), 27, accuracy: 1e-6)
        XCTAssertEqual(s.gainDbi(offBoresightDeg: 0), 30)
        let ka = CircularApertureAntenna(apertureDiameterM: 0.5, frequencyHz: 20e9, peakGainDbi: 38.5)
        XCTAssertEqual(ka.beamwidth3dBDeg, 1.7647, accuracy: 0.005)
        // First null of J1 at x = 3.8317: the gain collapses there.
        let nullDeg = radiansToDegrees(asin(3.8317 / s.kaTimesSin))
        XCTAssertLessThan(s.gainDbi(offBoresightDeg: nullDeg), 30 - 40)
    }

    /// TR 38.811 Tables 6.6.1-1 and 6.6.2-1..-3 at tabulated points, and interpolation between them.
    func testPropagationTables() {
        XCTAssertEqual(NTNPropagationTables.losProbability(environment: .denseUrban, elevationDeg: 10), 0.282, accuracy: 1e-12)
        XCTAssertEqual(NTNPropagationTables.losProbability(environment: .urban, elevationDeg: 50), 0.726, accuracy: 1e-12)
        XCTAssertEqual(NTNPropagationTables.losProbability(environment: .rural, elevationDeg: 90), 0.998, accuracy: 1e-12)
        XCTAssertEqual(NTNPropagationTables.losProbability(environment: .suburban, elevationDeg: 25), (0.869 + 0.919) / 2, accuracy: 1e-12)
        let du = NTNPropagationTables.shadowing(environment: .denseUrban, band: .sBand, elevationDeg: 30)
        XCTAssertEqual(du.losShadowFadingStdDb, 2.9)
        XCTAssertEqual(du.nlosShadowFadingStdDb, 12.4)
        XCTAssertEqual(du.nlosClutterLossDb, 29.0)
        let urbanKa = NTNPropagationTables.shadowing(environment: .urban, band: .kaBand, elevationDeg: 10)
        XCTAssertEqual(urbanKa.losShadowFadingStdDb, 4)
        XCTAssertEqual(urbanKa.nlosClutterLossDb, 44.3)
        let rural = NTNPropagationTables.shadowing(environment: .rural, band: .sBand, elevationDeg: 10)
        XCTAssertEqual(rural.nlosClutterLossDb, 19.52)
        XCTAssertEqual(NTNBand(frequencyGHz: 2), .sBand)
        XCTAssertEqual(NTNBand(frequencyGHz: 20), .kaBand)
    }

    /// TR 38.811 eq. 6.6-2 and 6.6-8; ionospheric scintillation eq. 6.6-13 gives 2.2 dB at 2 GHz.
    func testLossTerms() {
        XCTAssertEqual(NTNPathLoss.freeSpaceDb(distanceKm: 1, frequencyGHz: 1), 92.45, accuracy: 1e-9)
        XCTAssertEqual(NTNPathLoss.atmosphericDb(frequencyGHz: 20, elevationDeg: 90) * 2,
                       NTNPathLoss.atmosphericDb(frequencyGHz: 20, elevationDeg: 30), accuracy: 1e-12)
        XCTAssertEqual(Scintillation.ionosphericLossDb(frequencyGHz: 2), 2.2, accuracy: 0.01)
        XCTAssertEqual(Scintillation.ionosphericLossDb(frequencyGHz: 6), 0)
        XCTAssertEqual(Scintillation.troposphericLossDb(frequencyGHz: 20, elevationDeg: 30), 0.30, accuracy: 1e-12)
        XCTAssertEqual(Scintillation.troposphericLossDb(frequencyGHz: 2, elevationDeg: 30), 0)
        XCTAssertGreaterThan(NTNPathLoss.zenithAttenuationDb(frequencyGHz: 60), 100, "oxygen complex")
    }
}
