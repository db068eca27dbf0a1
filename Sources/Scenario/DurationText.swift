/// Durations as scenario files write them: a number and a unit, `2s`, `500ms`, `1.5min`, `250us`.
///
/// A bare number is refused: `duration: 2` could mean seconds or milliseconds, and a silent
/// factor of 1000 is the worst kind of scenario bug.
public enum DurationText {
    /// The units accepted, with their length in microseconds, shortest first.
    public static let units: [(symbol: String, microseconds: Double)] = [
        ("us", 1), ("ms", 1_000), ("s", 1_000_000), ("min", 60_000_000),
    ]

    /// Why a duration text was refused.
    public enum ParseError: Error, Sendable, Equatable, CustomStringConvertible {
        /// A number without a unit, e.g. `2`.
        case missingUnit(String)
        /// A number with a unit that is not one of ``units``.
        case unknownUnit(unit: String, suggestion: String?)
        /// Not a number followed by a unit at all.
        case notADuration(String)

        public var description: String {
            switch self {
            case .missingUnit(let text): return "'\(text)' has no unit"
            case .unknownUnit(let unit, _): return "unknown duration unit '\(unit)'"
            case .notADuration(let text): return "'\(text)' is not a duration"
            }
        }

        /// The closest valid unit for a misspelt one.
        public var suggestion: String? {
            if case .unknownUnit(_, let suggestion) = self { return suggestion }
            return nil
        }
    }

    /// How allowed units are listed in messages: `us, ms, s, min (e.g. 2s, 500ms)`.
    public static var allowedDescription: String {
        units.map(\.symbol).joined(separator: ", ") + " after a number (e.g. 2s, 500ms, 1.5min)"
    }

    /// Parses `<number><unit>`, with optional spaces between them.
    /// - Parameter text: e.g. `2s`, `500 ms`, `1.5min`, `-1ms` (the sign is kept; ranges judge it).
    /// - Returns: The duration in microseconds.
    /// - Throws: ``ParseError`` naming what is missing or misspelt.
    public static func parseMicroseconds(_ text: String) throws(ParseError) -> Double {
        let trimmed = text.trimmingSpaces()
        var numberEnd = trimmed.startIndex
        for index in trimmed.indices {
            let c = trimmed[index]
            let isSign = (c == "-" || c == "+") && index == trimmed.startIndex
            guard c.isASCII, c.isNumber || c == "." || isSign else { break }
            numberEnd = trimmed.index(after: index)
        }
        let numberText = String(trimmed[..<numberEnd])
        let unit = String(trimmed[numberEnd...]).trimmingSpaces()
        guard let value = Double(numberText), value.isFinite else { throw .notADuration(text) }
        guard !unit.isEmpty else { throw .missingUnit(text) }
        guard let match = units.first(where: { $0.symbol == unit }) else {
            throw .unknownUnit(unit: unit, suggestion: suggestedUnit(for: unit))
        }
        return value * match.microseconds
    }

    /// Spellings people write for the units we accept. Hours have no unit of their own: 24 h is `1440min`.
    private static let unitAliases: [String: String] = [
        "µs": "us", "μs": "us", "usec": "us", "microsecond": "us", "microseconds": "us",
        "msec": "ms", "millisecond": "ms", "milliseconds": "ms",
        "sec": "s", "secs": "s", "second": "s", "seconds": "s",
        "m": "min", "mins": "min", "minute": "min", "minutes": "min",
    ]

    static func suggestedUnit(for unit: String) -> String? {
        unitAliases[unit.lowercased()] ?? Suggestions.closest(to: unit, in: units.map(\.symbol))
    }

    /// Writes a duration with the largest unit that keeps it short: 1000 -> `1ms`, 1.5e6 -> `1.5s`.
    /// - Parameter microseconds: The duration.
    /// - Returns: Text that ``parseMicroseconds(_:)`` reads back to the same value.
    public static func format(microseconds: Double) -> String {
        if microseconds == 0 { return "0s" }
        for unit in units.reversed() where abs(microseconds) >= unit.microseconds {
            let value = microseconds / unit.microseconds
            // Prefer a unit that gives a short exact number; fall back to a smaller unit otherwise.
            if (value * 1000).rounded() == value * 1000 { return NumberText.format(value) + unit.symbol }
        }
        return NumberText.format(microseconds) + "us"
    }
}

/// Numbers printed the way a person writes them: `3.5`, `100`, not `100.0`.
enum NumberText {
    static func format(_ value: Double) -> String {
        if value.rounded() == value, abs(value) < 1e15 { return String(Int64(value)) }
        return String(value)
    }
}

extension StringProtocol {
    func trimmingSpaces() -> String {
        String(drop(while: \.isWhitespace).reversed().drop(while: \.isWhitespace).reversed())
    }
}
