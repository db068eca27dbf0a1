import Foundation

/// A NORAD two-line element set (mean elements for SGP4).
public struct TLE: Sendable, Equatable {
    /// Satellite name (from an optional title line), may be empty.
    public var name: String
    /// Catalogue number.
    public var catalogNumber: Int
    /// Epoch, Julian date (UTC).
    public var epochJulianDate: Double
    /// First derivative of mean motion / 2, rev/day^2 (not used by SGP4).
    public var meanMotionDotRevPerDay2: Double
    /// B* drag term, 1/earth radii.
    public var bstar: Double
    /// Inclination, degrees.
    public var inclinationDeg: Double
    /// RAAN, degrees.
    public var raanDeg: Double
    /// Eccentricity.
    public var eccentricity: Double
    /// Argument of perigee, degrees.
    public var argumentOfPerigeeDeg: Double
    /// Mean anomaly, degrees.
    public var meanAnomalyDeg: Double
    /// Mean motion (Kozai), rev/day.
    public var meanMotionRevPerDay: Double

    /// Errors from parsing.
    public enum ParseError: Error, Equatable, CustomStringConvertible {
        /// A line is shorter than the 69 columns of the format or does not start with 1 / 2.
        case malformedLine(Int)
        /// A field could not be read as a number.
        case badField(String)

        public var description: String {
            switch self {
            case .malformedLine(let n): return "TLE line \(n) is malformed"
            case .badField(let f): return "TLE field \(f) is not a number"
            }
        }
    }

    /// Parses the two element lines (columns per the NORAD format; anything after column 69 is ignored).
    /// - Parameters:
    ///   - line1: the line starting with "1 ".
    ///   - line2: the line starting with "2 ".
    ///   - name: an optional title.
    public init(line1: String, line2: String, name: String = "") throws {
        let l1 = Array(line1), l2 = Array(line2)
        guard l1.count >= 64, l1.first == "1" else { throw ParseError.malformedLine(1) }
        guard l2.count >= 63, l2.first == "2" else { throw ParseError.malformedLine(2) }
        func field(_ l: [Character], _ a: Int, _ b: Int) -> String {
            String(l[min(a, l.count)..<min(b, l.count)]).trimmingCharacters(in: .whitespaces)
        }
        func number(_ s: String, _ label: String) throws -> Double {
            guard let v = Double(s) else { throw ParseError.badField(label) }
            return v
        }
        // "ddddd-e" fields with an implied leading decimal point.
        func exponential(_ s: String, _ label: String) throws -> Double {
            var t = s.replacingOccurrences(of: " ", with: "")
            if t.isEmpty { return 0 }
            var sign = 1.0
            if t.hasPrefix("-") { sign = -1; t.removeFirst() } else if t.hasPrefix("+") { t.removeFirst() }
            guard let expIndex = t.lastIndex(where: { $0 == "-" || $0 == "+" }) else {
                return sign * (try number("0." + t, label))
            }
            let mant = String(t[..<expIndex]), exp = String(t[expIndex...])
            guard let m = Double("0." + mant), let e = Double(exp) else { throw ParseError.badField(label) }
            return sign * m * pow(10, e)
        }
        self.name = name
        guard let cat = Int(field(l1, 2, 7)) else { throw ParseError.badField("catalog number") }
        catalogNumber = cat
        let yy = Int(try number(field(l1, 18, 20), "epoch year"))
        let days = try number(field(l1, 20, 32), "epoch day")
        let year = yy < 57 ? 2000 + yy : 1900 + yy
        epochJulianDate = JulianDate.from(year: year, month: 1, day: 0) + days
        meanMotionDotRevPerDay2 = try number(field(l1, 33, 43), "ndot")
        bstar = try exponential(field(l1, 53, 61), "bstar")
        inclinationDeg = try number(field(l2, 8, 16), "inclination")
        raanDeg = try number(field(l2, 17, 25), "raan")
        eccentricity = try number("0." + field(l2, 26, 33), "eccentricity")
        argumentOfPerigeeDeg = try number(field(l2, 34, 42), "argument of perigee")
        meanAnomalyDeg = try number(field(l2, 43, 51), "mean anomaly")
        meanMotionRevPerDay = try number(field(l2, 52, 63), "mean motion")
    }

    /// Parses a file of TLEs, with or without title lines; lines starting with '#' are skipped.
    /// - Parameter text: the file contents.
    /// - Returns: the element sets in file order.
    public static func parseMany(_ text: String) throws -> [TLE] {
        var result: [TLE] = []
        var pendingName = ""
        var line1: String?
        for raw in text.split(whereSeparator: \.isNewline) {
            let line = String(raw).trimmingCharacters(in: CharacterSet(charactersIn: "\r"))
            if line.hasPrefix("#") || line.trimmingCharacters(in: .whitespaces).isEmpty { continue }
            if line.hasPrefix("1 ") {
                line1 = line
            } else if line.hasPrefix("2 "), let l1 = line1 {
                result.append(try TLE(line1: l1, line2: line, name: pendingName))
                line1 = nil
                pendingName = ""
            } else {
                pendingName = line.hasPrefix("0 ") ? String(line.dropFirst(2)) : line.trimmingCharacters(in: .whitespaces)
            }
        }
        return result
    }
}
