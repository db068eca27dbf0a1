import Foundation

/// Prints one JSON object with sorted keys on stdout (the `--json` contract of every command).
func phyPrintJSON<T: Encodable>(_ value: T) throws {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys]
    let data = try encoder.encode(value)
    print(String(decoding: data, as: UTF8.self))
}

/// Fixed-point formatting without Foundation's locale-dependent formatters.
func phyFormat(_ value: Double, decimals: Int = 2) -> String {
    guard value.isFinite else { return "\(value)" }
    var scale = 1.0
    for _ in 0..<decimals { scale *= 10 }
    let rounded = (abs(value) * scale).rounded()
    let integer = Int(rounded / scale)
    let fraction = Int(rounded - Double(integer) * scale)
    let sign = value < 0 && rounded > 0 ? "-" : ""
    guard decimals > 0 else { return "\(sign)\(integer)" }
    let digits = String(fraction)
    return "\(sign)\(integer).\(String(repeating: "0", count: decimals - digits.count))\(digits)"
}
