import XCTest
@testable import NTN

final class WalkerConstellationTests: XCTestCase {
    /// Walker delta 53 deg : 1584/72/1 (a Starlink shell at 550 km).
    func testDeltaPatternGeometry() throws {
        let w = try XCTUnwrap(WalkerConstellation(altitudeKm: 550, inclinationDeg: 53, totalSatellites: 1584, planes: 72, phasing: 1))
        let orbits = w.orbits()
        XCTAssertEqual(orbits.count, 1584)
        XCTAssertEqual(w.satellitesPerPlane, 22)
        XCTAssertEqual(w.planeSpacingDeg, 5)
        XCTAssertEqual(Set(orbits.map(\.raanDeg)).count, 72)
        XCTAssertEqual(orbits[22].raanDeg - orbits[0].raanDeg, 5, accuracy: 1e-12)
        XCTAssertEqual(orbits[1].phaseDeg - orbits[0].phaseDeg, 360.0 / 22, accuracy: 1e-12)
        XCTAssertEqual(orbits[22].phaseDeg - orbits[0].phaseDeg, 360.0 / 1584, accuracy: 1e-12)
        XCTAssertTrue(orbits.allSatisfy { $0.inclinationDeg == 53 && $0.altitudeKm == 550 })
    }

    /// Walker 24/3/1 (a GPS-like pattern): adjacent planes shift by 15 degrees; satellites in one
    /// plane keep 45-degree spacing for all time, so the angle between neighbours stays 45 degrees.
    func testInPlaneSpacingIsConstant() throws {
        let w = try XCTUnwrap(WalkerConstellation(altitudeKm: 20_200, inclinationDeg: 55, totalSatellites: 24, planes: 3, phasing: 1))
        XCTAssertEqual(w.interPlanePhaseDeg, 15)
        let o = w.orbits()
        for t in [0.0, 1234, 40_000] {
            let a = o[0].stateECI(atSeconds: t).positionKm, b = o[1].stateECI(atSeconds: t).positionKm
            XCTAssertEqual(radiansToDegrees(acos(a.unit.dot(b.unit))), 45, accuracy: 1e-9)
        }
    }

    func testInvalidPatternsAreRejected() {
        XCTAssertNil(WalkerConstellation(altitudeKm: 600, inclinationDeg: 50, totalSatellites: 10, planes: 3, phasing: 0))
        XCTAssertNil(WalkerConstellation(altitudeKm: 600, inclinationDeg: 50, totalSatellites: 12, planes: 3, phasing: 3))
    }
}
