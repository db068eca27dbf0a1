import XCTest
@testable import NTN

/// Geometry, delays and Doppler against TR 38.821 published values.
final class GeometryTests: XCTestCase {
    /// TR 38.821 Table 4.2-2 (max distance at 10 degrees): GEO 40,586 km, LEO-600 1,932.24 km.
    /// These two figures are reproduced with the WGS-84 equatorial radius (6378 km); with the mean
    /// radius 6371 km of TR 38.811 they come out 5 km and 0.6 km shorter.
    func testSlantRangeAtTenDegrees() {
        XCTAssertEqual(ElevationGeometry.slantRangeKm(elevationDeg: 10, altitudeKm: 35_786, earthRadiusKm: 6378), 40_586, accuracy: 1)
        XCTAssertEqual(ElevationGeometry.slantRangeKm(elevationDeg: 10, altitudeKm: 600, earthRadiusKm: 6378), 1932.24, accuracy: 0.01)
        XCTAssertEqual(ElevationGeometry.slantRangeKm(elevationDeg: 10, altitudeKm: 600), 1931.6, accuracy: 0.1)
        XCTAssertEqual(ElevationGeometry.slantRangeKm(elevationDeg: 90, altitudeKm: 600), 600, accuracy: 1e-9)
    }

    func testElevationInverse() {
        for e in stride(from: 0.0, through: 90, by: 7.5) {
            let d = ElevationGeometry.slantRangeKm(elevationDeg: e, altitudeKm: 1200)
            XCTAssertEqual(ElevationGeometry.elevationDeg(slantRangeKm: d, altitudeKm: 1200), e, accuracy: 1e-9)
        }
    }

    /// TR 38.821 Table 5.3.2.1-1: maximum round trip with a transparent payload, UE and gateway both
    /// at 10 degrees (service + feeder, there and back): GEO 541.46 ms, LEO-600 25.77 ms; with a
    /// regenerative payload (service link only): GEO 270.73 ms, LEO-600 12.89 ms. Mean radius 6371 km.
    func testRoundTripDelays() {
        let geo = DelayBudget.atElevations(altitudeKm: 35_786, serviceElevationDeg: 10, feederElevationDeg: 10, payload: .transparent)
        XCTAssertEqual(geo.roundTripMs, 541.46, accuracy: 0.01)
        let leo = DelayBudget.atElevations(altitudeKm: 600, serviceElevationDeg: 10, feederElevationDeg: 10, payload: .transparent)
        XCTAssertEqual(leo.roundTripMs, 25.77, accuracy: 0.01)
        var regen = geo
        regen.payload = .regenerative
        XCTAssertEqual(regen.roundTripMs, 270.73, accuracy: 0.01)
        XCTAssertEqual(regen.feederRoundTripMs, 270.73, accuracy: 0.01)
        regen = leo
        regen.payload = .regenerative
        XCTAssertEqual(regen.roundTripMs, 12.89, accuracy: 0.01)
    }

    /// TR 38.821 clause 5.3.4: LEO-600 maximum Doppler about 24 ppm (48 kHz at 2 GHz), at 0 degrees
    /// with the orbital speed at 600 km (7.56 km/s).
    func testMaxDopplerLEO600() {
        let fd = ElevationGeometry.maxDopplerShiftHz(altitudeKm: 600, carrierHz: 2e9)
        XCTAssertEqual(fd / 2e9 * 1e6, 23.5, accuracy: 0.5, "ppm")
        XCTAssertEqual(CircularOrbit(altitudeKm: 600, inclinationDeg: 0).speedKmPerS, 7.56, accuracy: 0.01)
        // Doppler rate at the zenith: closed form against the state-vector geometry. A UE at the
        // North Pole sees the same range as in an inertial frame (it sits on the rotation axis).
        let polarRadius = GroundPoint(latitudeDeg: 90, longitudeDeg: 0).ecefKm.z
        let rate = ElevationGeometry.maxDopplerRateHzPerS(altitudeKm: 600, carrierHz: 2e9, earthRadiusKm: polarRadius)
        let polar = CircularOrbit(altitudeKm: 600, inclinationDeg: 90, phaseDeg: 90, earthRadiusKm: polarRadius)
        let pole = GroundPoint(latitudeDeg: 90, longitudeDeg: 0)
        let dt = 0.01
        let fPlus = LinkGeometry(ground: pole, platform: polar, atSeconds: dt).dopplerShiftHz(carrierHz: 2e9)
        let fMinus = LinkGeometry(ground: pole, platform: polar, atSeconds: -dt).dopplerShiftHz(carrierHz: 2e9)
        XCTAssertEqual(LinkGeometry(ground: pole, platform: polar, atSeconds: 0).elevationDeg, 90, accuracy: 1e-6)
        XCTAssertEqual(abs(fPlus - fMinus) / (2 * dt), rate, accuracy: 0.01)
        XCTAssertEqual(rate, 581, accuracy: 5, "about 0.29 ppm/s at 2 GHz")
    }

    /// The vector geometry of a circular orbit agrees with the closed forms (zenith pass, no rotation effect
    /// at the instant of culmination on the equator).
    func testLinkGeometryMatchesClosedForm() {
        let ground = GroundPoint(latitudeDeg: 0, longitudeDeg: 0)
        let radius = NTNConstants.wgs84EquatorialRadiusKm
        let orbit = CircularOrbit(altitudeKm: 600, inclinationDeg: 0, phaseDeg: -20, earthRadiusKm: radius)
        for t in stride(from: 0.0, through: 600, by: 60) {
            let g = LinkGeometry(ground: ground, platform: orbit, atSeconds: t)
            guard g.elevationDeg > 0 else { continue }
            let d = ElevationGeometry.slantRangeKm(elevationDeg: g.elevationDeg, altitudeKm: 600, earthRadiusKm: radius)
            XCTAssertEqual(g.slantRangeKm, d, accuracy: 1e-6)
            XCTAssertEqual(g.oneWayDelayMs, d / 299_792.458 * 1000, accuracy: 1e-9)
        }
        // Range rate from the state agrees with a finite difference of the range.
        let g0 = LinkGeometry(ground: ground, platform: orbit, atSeconds: 100)
        let gm = LinkGeometry(ground: ground, platform: orbit, atSeconds: 99.999)
        let gp = LinkGeometry(ground: ground, platform: orbit, atSeconds: 100.001)
        XCTAssertEqual(g0.rangeRateKmPerS, (gp.slantRangeKm - gm.slantRangeKm) / 0.002, accuracy: 1e-5)
        XCTAssertGreaterThan(g0.dopplerShiftHz(carrierHz: 2e9), 0, "approaching satellite: positive Doppler")
        XCTAssertEqual(g0.azimuthDeg, 270, accuracy: 1e-6, "prograde equatorial satellite rises in the west")
    }

    func testWGS84() {
        let p = GroundPoint(latitudeDeg: 45, longitudeDeg: 10, altitudeKm: 0.5)
        let back = GroundPoint.fromECEF(p.ecefKm)
        XCTAssertEqual(back.latitudeDeg, 45, accuracy: 1e-9)
        XCTAssertEqual(back.longitudeDeg, 10, accuracy: 1e-9)
        XCTAssertEqual(back.altitudeKm, 0.5, accuracy: 1e-9)
        XCTAssertEqual(GroundPoint(latitudeDeg: 90, longitudeDeg: 0).ecefKm.z, 6356.752, accuracy: 1e-3)
    }

    func testECEFRotationOfGeostationaryOrbit() {
        // A GEO satellite is fixed in ECEF: its Earth-fixed speed is ~0.
        let radius = cbrt(NTNConstants.earthMuKm3PerS2 / pow(NTNConstants.earthRotationRadPerS, 2))
        let geo = CircularOrbit(altitudeKm: radius - 6371, inclinationDeg: 0)
        let s0 = geo.stateECEF(atSeconds: 0), s1 = geo.stateECEF(atSeconds: 43_200)
        XCTAssertLessThan(s0.velocityKmPerS.norm, 1e-6)
        XCTAssertLessThan((s0.positionKm - s1.positionKm).norm, 1e-3)
        XCTAssertEqual(geo.altitudeKm, 35_793, accuracy: 1, "geosynchronous radius over the mean radius")
    }

    func testHAPSDriftStaysBounded() {
        let haps = HAPS(latitudeDeg: 35, longitudeDeg: 139, altitudeKm: 20, driftRadiusKm: 2, driftPeriodSeconds: 1800)
        let centre = haps.position.ecefKm
        for t in stride(from: 0.0, through: 3600, by: 97) {
            let s = haps.stateECEF(atSeconds: t)
            XCTAssertEqual((s.positionKm - centre).norm, 2, accuracy: 1e-9)
            XCTAssertEqual(s.velocityKmPerS.norm, 2 * 2 * .pi / 1800, accuracy: 1e-12)
        }
        XCTAssertEqual(HAPS(latitudeDeg: 0, longitudeDeg: 0, altitudeKm: 40).position.altitudeKm, 25)
        // A UE below the HAPS sees it at the zenith, 20 km away.
        let below = LinkGeometry(ground: GroundPoint(latitudeDeg: 35, longitudeDeg: 139),
                                 platform: HAPS(latitudeDeg: 35, longitudeDeg: 139), atSeconds: 0)
        XCTAssertEqual(below.elevationDeg, 90, accuracy: 1e-6)
        XCTAssertEqual(below.slantRangeKm, 20, accuracy: 1e-9)
    }
}
