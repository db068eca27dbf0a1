import XCTest
@testable import Radio

final class FastFadingTests: XCTestCase {
    /// Reference values of J0 (Abramowitz & Stegun Table 9.1): J0(1) = 0.7651976866,
    /// first zero at 2.4048255577.
    func testBesselJ0() {
        XCTAssertEqual(FastFadingProcess.besselJ0(0), 1, accuracy: 1e-12)
        XCTAssertEqual(FastFadingProcess.besselJ0(1), 0.7651976866, accuracy: 1e-9)
        XCTAssertEqual(FastFadingProcess.besselJ0(2.4048255577), 0, accuracy: 1e-9)
    }

    func testOffDrawsNothingAndIsZero() {
        var rng = SeededGenerator(seed: 3)
        var process = FastFadingProcess(model: .none, slotDurationUs: 500, using: &rng)
        var reference = SeededGenerator(seed: 3)
        XCTAssertEqual(process.nextGainDb(using: &rng), 0)
        XCTAssertEqual(rng.next(), reference.next())
    }

    /// Rayleigh: E[|h|^2] = 1 (0 dB mean power), E[10 log10 |h|^2] = -2.51 dB (Euler gamma).
    func testRayleighStatistics() {
        for model in [FastFadingModel.rayleighBlock, .rayleighCorrelated(dopplerHz: 100)] {
            var rng = SeededGenerator(seed: 11)
            var process = FastFadingProcess(model: model, slotDurationUs: 500, using: &rng)
            var linear = 0.0
            var db = 0.0
            let n = 200_000
            for _ in 0..<n {
                let g = process.nextGainDb(using: &rng)
                linear += pow(10, g / 10)
                db += g
            }
            XCTAssertEqual(linear / Double(n), 1, accuracy: 0.05, "\(model)")
            XCTAssertEqual(db / Double(n), -2.507, accuracy: 0.15, "\(model)")
        }
    }

    /// Lag-one correlation of the power gain: ~rho^2 for the Gauss-Markov process (|J0|^2
    /// for Clarke), ~0 for block fading.
    func testCorrelationFollowsDoppler() {
        func lagOneCorrelation(_ model: FastFadingModel) -> (measured: Double, rho: Double) {
            var rng = SeededGenerator(seed: 5)
            var process = FastFadingProcess(model: model, slotDurationUs: 500, using: &rng)
            let x = (0..<100_000).map { _ in pow(10, process.nextGainDb(using: &rng) / 10) }
            let mean = x.reduce(0, +) / Double(x.count)
            var num = 0.0
            var den = 0.0
            for i in 0..<(x.count - 1) { num += (x[i] - mean) * (x[i + 1] - mean) }
            for v in x { den += (v - mean) * (v - mean) }
            return (num / den, process.slotCorrelation)
        }
        let slow = lagOneCorrelation(.rayleighCorrelated(dopplerHz: 5))
        XCTAssertEqual(slow.rho, FastFadingProcess.besselJ0(2 * Double.pi * 5 * 0.0005), accuracy: 1e-12)
        XCTAssertEqual(slow.measured, slow.rho * slow.rho, accuracy: 0.01)
        let fast = lagOneCorrelation(.rayleighCorrelated(dopplerHz: 500))
        XCTAssertEqual(fast.measured, fast.rho * fast.rho, accuracy: 0.02)
        XCTAssertEqual(lagOneCorrelation(.rayleighBlock).measured, 0, accuracy: 0.02)
    }

    func testStatelessBlockFadingIsDeterministic() {
        let a = FastFadingProcess.blockRayleighGainDb(seed: 9, ueIndex: 3, slot: 1000)
        XCTAssertEqual(a, FastFadingProcess.blockRayleighGainDb(seed: 9, ueIndex: 3, slot: 1000))
        XCTAssertNotEqual(a, FastFadingProcess.blockRayleighGainDb(seed: 9, ueIndex: 4, slot: 1000))
        var mean = 0.0
        for slot in 0..<100_000 { mean += pow(10, FastFadingProcess.blockRayleighGainDb(seed: 1, ueIndex: 0, slot: slot) / 10) }
        XCTAssertEqual(mean / 100_000, 1, accuracy: 0.02)
    }
}
