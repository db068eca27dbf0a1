import XCTest
@testable import ReportHTML

final class AxisTicksTests: XCTestCase {
    func testUnitRangeInFifths() {
        let t = AxisTicks.covering(0, 1)
        XCTAssertEqual(t.values, [0, 0.2, 0.4, 0.6, 0.8, 1])
        XCTAssertEqual(t.values.map(t.label), ["0.0", "0.2", "0.4", "0.6", "0.8", "1.0"])
    }

    func testTicksCoverTheDataOnNiceSteps() {
        for (lo, hi) in [(3.2, 97.8), (0.1, 2.0), (-7.5, 12.25), (1500.0, 1520.0), (0.0003, 0.0071), (0.0, 151.6), (54.8, 67.7)] {
            let t = AxisTicks.covering(lo, hi)
            XCTAssertLessThanOrEqual(t.lower, lo, "\(lo)...\(hi)")
            XCTAssertGreaterThanOrEqual(t.upper, hi, "\(lo)...\(hi)")
            XCTAssertEqual(t.values.first, t.lower)
            XCTAssertEqual(t.values.last, t.upper)
            XCTAssertTrue((3...9).contains(t.values.count), "\(lo)...\(hi): \(t.values)")
            let mantissa = t.step / pow(10, floor(log10(t.step)))
            XCTAssertTrue([1.0, 2, 5].contains { abs($0 - mantissa) < 1e-9 }, "step \(t.step)")
            for (a, b) in zip(t.values, t.values.dropFirst()) { XCTAssertEqual(b - a, t.step, accuracy: t.step * 1e-9) }
            // Within one step of the data at both ends: the axis is not padded needlessly.
            XCTAssertLessThan(lo - t.lower, t.step)
            XCTAssertLessThan(t.upper - hi, t.step)
            XCTAssertEqual(Set(t.values.map(t.label)).count, t.values.count, "labels tell ticks apart: \(t.values.map(t.label))")
        }
    }

    func testNoFloatNoiseInTicks() {
        let t = AxisTicks.covering(0, 0.7, target: 8)
        XCTAssertEqual(t.values, [0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7])
    }

    func testDegenerateAndNonFiniteRanges() {
        let zero = AxisTicks.covering(0, 0)
        XCTAssertEqual(zero.lower, 0)
        XCTAssertGreaterThan(zero.upper, 0)
        let flat = AxisTicks.covering(42, 42)
        XCTAssertLessThan(flat.lower, 42)
        XCTAssertGreaterThan(flat.upper, 42)
        let nan = AxisTicks.covering(.nan, .infinity)
        XCTAssertEqual(nan.lower, 0)
        XCTAssertEqual(nan.upper, 1)
        XCTAssertEqual(AxisTicks.covering(10, 2), AxisTicks.covering(2, 10), "order of the ends does not matter")
    }

    func testLargeValuesLabelledInThousands() {
        let t = AxisTicks.covering(0, 21020)
        XCTAssertEqual(t.step, 5000)
        XCTAssertEqual(t.values.map(t.label), ["0", "5k", "10k", "15k", "20k", "25k"])
        let small = AxisTicks.covering(0, 2000)
        XCTAssertEqual(small.values.map(small.label), ["0", "500", "1000", "1500", "2000"])
        let m = AxisTicks.covering(0, 3_000_000)
        XCTAssertEqual(m.values.map(m.label).last, "3M")
    }

    func testNegativeZeroIsPlainZero() {
        let t = AxisTicks.covering(-1, 1)
        XCTAssertTrue(t.values.map(t.label).contains("0.0"))
        XCTAssertFalse(t.values.map(t.label).contains("-0.0"))
    }
}
