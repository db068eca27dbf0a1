import XCTest
@testable import NTN

/// Serving-satellite selection over ten equatorial satellites 36 degrees apart at 1200 km, seen
/// from an equatorial UE: each satellite is up for 2 x 24.02 degrees of relative motion, so coverage
/// is continuous and handover instants follow from the closed-form geometry.
final class ServingSelectionTests: XCTestCase {
    let radius = NTNConstants.wgs84EquatorialRadiusKm
    let ground = GroundPoint(latitudeDeg: 0, longitudeDeg: 0)

    var orbits: [CircularOrbit] {
        (0..<10).map { CircularOrbit(altitudeKm: 1200, inclinationDeg: 0, phaseDeg: Double($0) * 36, earthRadiusKm: radius) }
    }
    var relativeRate: Double { orbits[0].meanMotionRadPerS - NTNConstants.earthRotationRadPerS }
    var setTime: Double {
        degreesToRadians(ElevationGeometry.centralAngleDeg(elevationDeg: 10, altitudeKm: 1200, earthRadiusKm: radius)) / relativeRate
    }

    func testHandoverWhenServingDropsBelowThreshold() {
        let selector = ServingSelector(platforms: orbits, ground: ground, minElevationDeg: 10, carrierHz: 2e9)
        let (samples, handovers) = selector.timeline(from: 0, to: 1200, stepSeconds: 1)
        XCTAssertEqual(handovers.first?.toIndex, 0, "starts on the satellite at the zenith")
        XCTAssertTrue(samples.allSatisfy { $0.servingIndex != nil && $0.elevationDeg >= 10 })
        let second = try! XCTUnwrap(handovers.dropFirst().first)
        XCTAssertEqual(second.fromIndex, 0)
        XCTAssertEqual(second.toIndex, 9, "the next satellite to the west")
        XCTAssertEqual(second.timeSeconds, setTime, accuracy: 1)
        // Between handovers each satellite serves 36 degrees of relative motion.
        let third = try! XCTUnwrap(handovers.dropFirst(2).first)
        XCTAssertEqual(third.timeSeconds - second.timeSeconds, degreesToRadians(36) / relativeRate, accuracy: 1)
        // Delay and Doppler in the samples are those of the serving link.
        let s = samples[100]
        let g = LinkGeometry(ground: ground, platform: orbits[s.servingIndex!], atSeconds: s.timeSeconds)
        XCTAssertEqual(s.oneWayDelayMs, g.oneWayDelayMs)
        XCTAssertEqual(s.dopplerHz, g.dopplerShiftHz(carrierHz: 2e9))
    }

    func testConditionalHandoverOnTimeLeadsTheSetTime() {
        let selector = ServingSelector(platforms: orbits, ground: ground, minElevationDeg: 10, carrierHz: 2e9,
                                       policy: .conditionalOnTime(leadSeconds: 30))
        let (samples, handovers) = selector.timeline(from: 0, to: 1200, stepSeconds: 1)
        let second = try! XCTUnwrap(handovers.dropFirst().first)
        XCTAssertEqual(second.toIndex, 9)
        XCTAssertEqual(second.timeSeconds, setTime - 30, accuracy: 1)
        XCTAssertTrue(samples.allSatisfy { $0.elevationDeg >= 10 })
    }

    func testHighestElevationSwitchesHalfwayBetweenSatellites() {
        let selector = ServingSelector(platforms: orbits, ground: ground, minElevationDeg: 10, carrierHz: 2e9,
                                       policy: .highestElevation)
        let (_, handovers) = selector.timeline(from: 0, to: 600, stepSeconds: 1)
        let second = try! XCTUnwrap(handovers.dropFirst().first)
        XCTAssertEqual(second.timeSeconds, degreesToRadians(18) / relativeRate, accuracy: 1)
    }

    func testOutageWhenNothingIsUp() {
        let one = [CircularOrbit(altitudeKm: 600, inclinationDeg: 0, phaseDeg: 180, earthRadiusKm: radius)]
        let selector = ServingSelector(platforms: one, ground: ground, minElevationDeg: 10, carrierHz: 2e9)
        let (samples, handovers) = selector.timeline(from: 0, to: 60, stepSeconds: 10)
        XCTAssertTrue(handovers.isEmpty)
        XCTAssertTrue(samples.allSatisfy { $0.servingIndex == nil })
    }
}
