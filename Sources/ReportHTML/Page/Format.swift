import Foundation

/// Numbers as the terminal's end table shows them.
enum Format {
    /// Two decimals, one from 100 up.
    static func number(_ x: Double) -> String {
        guard x.isFinite else { return "-" }
        return String(format: abs(x) >= 100 ? "%.1f" : "%.2f", x)
    }

    /// A fraction 0...1 as a percentage with one decimal.
    static func percent(_ x: Double) -> String { x.isFinite ? String(format: "%.1f%%", x * 100) : "-" }

    /// A whole number with thin grouping (12 345 678).
    static func count<T: UnsignedInteger>(_ n: T) -> String {
        let digits = String(n)
        var out = ""
        for (i, c) in digits.enumerated() {
            if i > 0, (digits.count - i) % 3 == 0 { out += "\u{2009}" }
            out.append(c)
        }
        return out
    }

    static func fixed(_ x: Double, _ decimals: Int) -> String {
        x.isFinite ? String(format: "%.\(decimals)f", x) : "-"
    }

    /// "p50/p99" in ms.
    static func p50p99(_ p50: Double, _ p99: Double) -> String { "\(number(p50))/\(number(p99))" }
}
