import XCTest
@testable import Radio

final class LinkCurveTests: XCTestCase {
    func testInverseAndMonotone() {
        let curve = LinkCurve.standard
        var previous = -Double.infinity
        for step in 1...80 {
            let se = Double(step) / 10
            let sinr = curve.requiredSINRDb(spectralEfficiency: se)
            XCTAssertEqual(curve.spectralEfficiency(sinrDb: sinr), se, accuracy: 1e-9)
            XCTAssertGreaterThan(sinr, previous)
            previous = sinr
        }
    }

    /// alpha = 1 and a 0 dB gap is Shannon: 1 bit/s/Hz needs 0 dB, 2 bit/s/Hz needs 10 log10(3).
    func testShannonLimit() {
        let shannon = LinkCurve(efficiencyFactor: 1, gapDb: 0)
        XCTAssertEqual(shannon.requiredSINRDb(spectralEfficiency: 1), 0, accuracy: 1e-12)
        XCTAssertEqual(shannon.requiredSINRDb(spectralEfficiency: 2), 4.7712, accuracy: 1e-4)
    }
}
