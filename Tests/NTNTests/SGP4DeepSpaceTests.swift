import XCTest
@testable import NTN

/// Deep-space branch selection. The numbers themselves are verified against the published states
/// in `SGP4Tests.testVerificationCases`.
final class SGP4DeepSpaceTests: XCTestCase {
    func sgp4(_ catalog: Int) throws -> SGP4 {
        let c = try XCTUnwrap(try SGP4Tests.loadCases().first { $0.tle.catalogNumber == catalog })
        return try SGP4(tle: c.tle)
    }

    /// The AIAA test set labels each case; the resonance chosen must match the label.
    func testResonanceClassification() throws {
        func kind(_ catalog: Int) throws -> String {
            let ds = try XCTUnwrap(try sgp4(catalog).deepSpace, "\(catalog) is deep space")
            switch ds.resonance {
            case .none: return "none"
            case .synchronous: return "24h"
            case .halfDay: return "12h"
            }
        }
        XCTAssertNil(try sgp4(28057).deepSpace)        // CBERS 2, near-Earth
        XCTAssertEqual(try kind(28626), "24h")         // XM-3, GEO
        XCTAssertEqual(try kind(24208), "24h")         // ITALSAT 2, GEO inclined > 3 deg
        XCTAssertEqual(try kind(8195), "12h")          // Molniya 2-14, e = 0.69
        XCTAssertEqual(try kind(21897), "12h")         // Molniya 1-83, e = 0.74
        XCTAssertEqual(try kind(28129), "none")        // GPS: 12 h but e < 0.5
        XCTAssertEqual(try kind(23333), "none")        // WIND, highly eccentric, period ~13.7 days
    }

    /// Near-equatorial orbits (within 3 deg) drop the singular lunar-solar nodal rate.
    func testNearEquatorialNodalRateDropped() throws {
        let amc4 = try XCTUnwrap(try sgp4(25954).deepSpace)      // i = 0.0004 deg
        let italsat = try XCTUnwrap(try sgp4(24208).deepSpace)   // i = 3.85 deg
        XCTAssertEqual(amc4.dnodt, 0)
        XCTAssertNotEqual(italsat.dnodt, 0)
    }
}
