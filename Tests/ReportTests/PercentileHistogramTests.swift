import XCTest
import Histogram
@testable import Report

/// SplitMix64, so the random samples are the same on every run.
private struct SplitMix64: RandomNumberGenerator {
    var state: UInt64
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

final class PercentileHistogramTests: XCTestCase {
    /// The nearest-rank percentile of a sorted copy: the test's reference.
    private func nearestRank(_ samples: [UInt64], _ percentile: Double) -> UInt64 {
        let sorted = samples.sorted()
        let rank = Int((percentile / 100 * Double(sorted.count)).rounded(.up))
        return sorted[min(max(rank, 1), sorted.count) - 1]
    }

    func testEmptyIsZero() {
        let h = PercentileHistogram()
        XCTAssertTrue(h.isEmpty)
        XCTAssertEqual(h.value(atPercentile: 99), 0)
    }

    func testOneToHundred() {
        var h = PercentileHistogram()
        for v in (1...100).reversed() { h.record(UInt64(v)) }
        XCTAssertEqual(h.count, 100)
        XCTAssertEqual(h.value(atPercentile: 50), 50)
        XCTAssertEqual(h.value(atPercentile: 99), 99)
        XCTAssertEqual(h.value(atPercentile: 100), 100)
    }

    /// A vCU that keeps up waits 0 slots: zeros are samples, not missing values.
    func testZerosCount() {
        var h = PercentileHistogram(highestTrackableValue: 1 << 20)
        for _ in 0..<99 { h.record(0) }
        h.record(3)
        XCTAssertEqual(h.value(atPercentile: 99), 0)
        h.record(3)
        XCTAssertEqual(h.value(atPercentile: 99), 3, "2 of 101 samples are above the 99th")
    }

    /// Below 2048 units the histogram has unit resolution: the sort-based value exactly.
    func testExactBelow2048() {
        var rng = SplitMix64(state: 1)
        for trial in 0..<20 {
            let count = Int.random(in: 1...3000, using: &rng)
            let samples = (0..<count).map { _ in UInt64.random(in: 0...2047, using: &rng) }
            var h = PercentileHistogram()
            samples.forEach { h.record($0) }
            for p in [50.0, 90, 99, 99.9] {
                XCTAssertEqual(h.value(atPercentile: p), nearestRank(samples, p), "trial \(trial), p\(p), \(count) samples")
            }
        }
    }

    /// Above, the value is the sample's or at most 0.1 % more (three significant digits).
    func testWithinPrecisionAbove2048() {
        var rng = SplitMix64(state: 2)
        for trial in 0..<20 {
            let samples = (0..<5000).map { _ in UInt64.random(in: 2048...50_000_000, using: &rng) }
            var h = PercentileHistogram()
            samples.forEach { h.record($0) }
            for p in [50.0, 99] {
                let exact = nearestRank(samples, p), value = h.value(atPercentile: p)
                XCTAssertGreaterThanOrEqual(value, exact, "trial \(trial), p\(p)")
                XCTAssertLessThanOrEqual(Double(value), Double(exact) * 1.001, "trial \(trial), p\(p)")
            }
        }
    }

    func testClampsAboveTheCeilingAndResets() {
        var h = PercentileHistogram(highestTrackableValue: 1000)
        h.record(5000)
        XCTAssertEqual(h.count, 1)
        XCTAssertEqual(h.value(atPercentile: 99), 1000)
        h.reset()
        XCTAssertTrue(h.isEmpty)
        h.record(7)
        XCTAssertEqual(h.value(atPercentile: 50), 7)
    }
}

/// One walk gives, for every percentile, exactly what HdrHistogram's own valueAtPercentile gives.
final class HistogramPercentilesTests: XCTestCase {
    func testOneWalkMatchesValueAtPercentileOnRandomSamples() {
        var rng = SplitMix64(state: 7)
        let percents: [Double] = [99, 0, 50, 95, 100, 99.9, 0.1, 25, 75, 99.99]
        for round in 0..<60 {
            var h = Histogram<UInt64>(lowestDiscernibleValue: 1, highestTrackableValue: 1 << 20, numberOfSignificantValueDigits: round % 2 == 0 ? .two : .three)
            h.autoResize = true
            let n = [1, 2, 3, 10, 100, 5_000][round % 6]
            for _ in 0..<n {
                // Mostly small, some far out (a queue building up), some zeros.
                let v: UInt64 = switch UInt64.random(in: 0..<10, using: &rng) {
                case 0: 0
                case 1: UInt64.random(in: 100_000...50_000_000, using: &rng)
                default: UInt64.random(in: 1...3_000, using: &rng)
                }
                _ = h.record(v)
            }
            XCTAssertEqual(h.values(atPercentiles: percents), percents.map { h.valueAtPercentile($0) }, "round \(round), \(n) samples")
        }
        let empty = Histogram<UInt64>(lowestDiscernibleValue: 1, highestTrackableValue: 1000, numberOfSignificantValueDigits: .two)
        XCTAssertEqual(empty.values(atPercentiles: [50, 99]), [0, 0])
    }
}
