import Foundation

/// Tick positions of one chart axis: "nice" steps (1, 2 or 5 times a power of ten) that cover
/// the data, after Heckbert's "Nice numbers for graph labels" (Graphics Gems, 1990).
public struct AxisTicks: Sendable, Equatable {
    /// The axis runs from the first tick to the last, so both ends are labelled.
    public var lower: Double
    public var upper: Double
    public var step: Double
    public var values: [Double]

    /// Ticks covering `low...high`.
    /// - Parameters:
    ///   - low: the smallest value to show.
    ///   - high: the largest value to show.
    ///   - target: about how many ticks to draw (at least 2).
    /// - Returns: ticks from a multiple of the step at or below `low` to one at or above `high`;
    ///   a degenerate or non-finite range becomes a small range around its value (0...1 when
    ///   there is nothing to show).
    public static func covering(_ low: Double, _ high: Double, target: Int = 5) -> AxisTicks {
        var lo = min(low, high), hi = max(low, high)
        if !lo.isFinite || !hi.isFinite { lo = 0; hi = 1 }
        if hi == lo {
            let pad = lo == 0 ? 1 : abs(lo) * 0.1
            lo -= lo == 0 ? 0 : pad
            hi += pad
        }
        let step = niceNumber((hi - lo) / Double(max(target, 2) - 1))
        let first = (lo / step + 1e-9).rounded(.down), last = (hi / step - 1e-9).rounded(.up)
        let values = stride(from: first, through: last, by: 1).map { clean($0 * step, step: step) }
        return AxisTicks(lower: values.first!, upper: values.last!, step: step, values: values)
    }

    /// The nice number nearest to `x` > 0.
    static func niceNumber(_ x: Double) -> Double {
        let power = pow(10, floor(log10(x)))
        let fraction = x / power
        return (fraction < 1.5 ? 1 : fraction < 3 ? 2 : fraction < 7 ? 5 : 10) * power
    }

    /// `x` without the float noise of multiplying by the step (0.30000000000000004 -> 0.3).
    private static func clean(_ x: Double, step: Double) -> Double {
        let places = max(0, decimals(for: step))
        let scale = pow(10, Double(places))
        let y = (x * scale).rounded() / scale
        return y == 0 ? 0 : y
    }

    /// Digits after the decimal point that tell ticks `step` apart (0.25 -> 2, 50 -> 0).
    static func decimals(for step: Double) -> Int {
        guard step > 0, step.isFinite else { return 0 }
        var places = 0
        var scaled = step
        while places < 9, abs(scaled - scaled.rounded()) > 1e-6 * max(1, abs(scaled)) {
            places += 1
            scaled *= 10
        }
        return places
    }

    /// A tick's label: as many decimals as the step needs; thousands as k and millions as M
    /// when the step is a whole number of them (0 stays 0).
    public func label(_ value: Double) -> String {
        if value == 0, step >= 1000 { return "0" }
        if step >= 1_000_000, (step / 1_000_000).rounded() == step / 1_000_000 {
            return Self.format(value / 1_000_000, decimals: Self.decimals(for: step / 1_000_000)) + "M"
        }
        if step >= 1000, (step / 1000).rounded() == step / 1000, abs(upper) >= 10_000 {
            return Self.format(value / 1000, decimals: Self.decimals(for: step / 1000)) + "k"
        }
        return Self.format(value, decimals: Self.decimals(for: step))
    }

    static func format(_ value: Double, decimals: Int) -> String {
        let s = String(format: "%.\(decimals)f", value)
        return s.hasPrefix("-") && Double(s) == 0 ? String(s.dropFirst()) : s
    }
}
