import XCTest
@testable import Radio

final class NumerologyTests: XCTestCase {
    func testDerivedQuantities() {
        let mu1 = Numerology(mu: 1)
        XCTAssertEqual(mu1.subcarrierSpacingKHz, 30)
        XCTAssertEqual(mu1.slotDurationUs, 500)
        XCTAssertEqual(mu1.slotsPerSubframe, 2)
        XCTAssertEqual(mu1.slotsPerFrame, 20)
        XCTAssertEqual(Numerology(mu: 3).slotDurationUs, 125)
        XCTAssertEqual(Numerology(mu: 0).prbBandwidthHz, 180_000)
        XCTAssertThrowsError(try Numerology(validating: 4))
    }

    /// Spot checks of TS 38.101-1 Table 5.3.2-1 and TS 38.101-2 Table 5.3.2-1.
    func testMaxPRBTables() {
        XCTAssertEqual(Numerology.maxPRBs(bandwidthMHz: 100, mu: 1, frequencyRange: .fr1), 273)
        XCTAssertEqual(Numerology.maxPRBs(bandwidthMHz: 20, mu: 0, frequencyRange: .fr1), 106)
        XCTAssertEqual(Numerology.maxPRBs(bandwidthMHz: 5, mu: 0, frequencyRange: .fr1), 25)
        XCTAssertEqual(Numerology.maxPRBs(bandwidthMHz: 40, mu: 1, frequencyRange: .fr1), 106)
        XCTAssertEqual(Numerology.maxPRBs(bandwidthMHz: 100, mu: 2, frequencyRange: .fr1), 135)
        XCTAssertEqual(Numerology.maxPRBs(bandwidthMHz: 50, mu: 0, frequencyRange: .fr1), 270)
        XCTAssertNil(Numerology.maxPRBs(bandwidthMHz: 100, mu: 0, frequencyRange: .fr1))
        XCTAssertNil(Numerology.maxPRBs(bandwidthMHz: 5, mu: 2, frequencyRange: .fr1))
        XCTAssertEqual(Numerology.maxPRBs(bandwidthMHz: 400, mu: 3, frequencyRange: .fr2), 264)
        XCTAssertEqual(Numerology.maxPRBs(bandwidthMHz: 100, mu: 3, frequencyRange: .fr2), 66)
        XCTAssertEqual(Numerology.maxPRBs(bandwidthMHz: 200, mu: 2, frequencyRange: .fr2), 264)
        XCTAssertNil(Numerology.maxPRBs(bandwidthMHz: 400, mu: 2, frequencyRange: .fr2))
        XCTAssertNil(Numerology.maxPRBs(bandwidthMHz: 100, mu: 1, frequencyRange: .fr2))
    }
}
