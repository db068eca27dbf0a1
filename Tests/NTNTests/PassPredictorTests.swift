import XCTest
@testable import NTN

/// Pass prediction against the closed-form pass of an equatorial circular orbit over an
/// equatorial ground point (the Earth's rotation only slows the relative motion: n - omega_E).
final class PassPredictorTests: XCTestCase {
    let radius = NTNConstants.wgs84EquatorialRadiusKm // geocentric radius of an equatorial ground point

    func analyticHalfWidthRad(altitudeKm h: Double, minElevationDeg e: Double) -> Double {
        degreesToRadians(ElevationGeometry.centralAngleDeg(elevationDeg: e, altitudeKm: h, earthRadiusKm: radius))
    }

    func testZenithPassMatchesClosedForm() {
        let orbit = CircularOrbit(altitudeKm: 600, inclinationDeg: 0, phaseDeg: -30, earthRadiusKm: radius)
        let w = orbit.meanMotionRadPerS - NTNConstants.earthRotationRadPerS
        let culmination = degreesToRadians(30) / w
        let lambda = analyticHalfWidthRad(altitudeKm: 600, minElevationDeg: 10)
        let predictor = PassPredictor(platform: orbit, ground: GroundPoint(latitudeDeg: 0, longitudeDeg: 0))
        let passes = predictor.passes(from: 0, to: 2 * 3600, minElevationDeg: 10)
        let first = try! XCTUnwrap(passes.first)
        XCTAssertEqual(first.riseSeconds, culmination - lambda / w, accuracy: 0.01)
        XCTAssertEqual(first.setSeconds, culmination + lambda / w, accuracy: 0.01)
        XCTAssertEqual(first.maxElevationSeconds, culmination, accuracy: 0.05)
        XCTAssertEqual(first.maxElevationDeg, 90, accuracy: 1e-3)
        // The next pass comes one synodic period later.
        XCTAssertEqual(passes.count, 2)
        XCTAssertEqual(passes[1].maxElevationSeconds - first.maxElevationSeconds, 2 * .pi / w, accuracy: 0.05)
        XCTAssertEqual(first.durationSeconds, 2 * lambda / w, accuracy: 0.02)
    }

    func testWindowClippingAndThreshold() {
        let orbit = CircularOrbit(altitudeKm: 600, inclinationDeg: 0, phaseDeg: 0, earthRadiusKm: radius)
        let predictor = PassPredictor(platform: orbit, ground: GroundPoint(latitudeDeg: 0, longitudeDeg: 0))
        let p = predictor.passes(from: 0, to: 100, minElevationDeg: 10)
        XCTAssertEqual(p.count, 1)
        XCTAssertEqual(p[0].riseSeconds, 0, "already up at the window start")
        XCTAssertEqual(p[0].setSeconds, 100, "still up at the window end")
        XCTAssertTrue(predictor.passes(from: 0, to: 3 * 3600, minElevationDeg: 91).isEmpty)
    }

    /// A pass shorter than the coarse step is still found (peak between two samples).
    func testShortPassBetweenSamples() {
        let orbit = CircularOrbit(altitudeKm: 600, inclinationDeg: 0, phaseDeg: -30, earthRadiusKm: radius)
        let predictor = PassPredictor(platform: orbit, ground: GroundPoint(latitudeDeg: 0, longitudeDeg: 0), stepSeconds: 600)
        let p = predictor.passes(from: 0, to: 1800, minElevationDeg: 80)
        XCTAssertEqual(p.count, 1)
        XCTAssertEqual(p.first?.maxElevationDeg ?? 0, 90, accuracy: 1e-3)
    }
}
