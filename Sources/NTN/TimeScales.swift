import Foundation

/// Julian date conversions (UTC treated as UT1: the sub-second difference is below the model's needs).
public enum JulianDate {
    /// Julian date of a calendar date and time.
    /// - Parameters:
    ///   - year: four-digit year.
    ///   - month: 1...12.
    ///   - day: 1...31.
    ///   - hour: 0...23.
    ///   - minute: 0...59.
    ///   - second: seconds, fractional allowed.
    /// - Returns: the Julian date (days).
    public static func from(year: Int, month: Int, day: Int, hour: Int = 0, minute: Int = 0, second: Double = 0) -> Double {
        let y = Double(year), m = Double(month)
        let jd = 367.0 * y - floor(7.0 * (y + floor((m + 9.0) / 12.0)) * 0.25) + floor(275.0 * m / 9.0)
            + Double(day) + 1_721_013.5
        return jd + (Double(hour) * 3600 + Double(minute) * 60 + second) / 86_400.0
    }

    /// Julian date of a `Date` (Unix epoch is JD 2440587.5).
    public static func from(_ date: Date) -> Double {
        2_440_587.5 + date.timeIntervalSince1970 / 86_400.0
    }

    /// The `Date` of a Julian date.
    public static func date(_ jd: Double) -> Date {
        Date(timeIntervalSince1970: (jd - 2_440_587.5) * 86_400.0)
    }

    /// Greenwich mean sidereal time (IAU-82 model, as used with SGP4), radians in [0, 2 pi).
    /// - Parameter julianDateUT1: Julian date.
    /// - Returns: GMST angle in radians.
    public static func gmstRad(_ julianDateUT1: Double) -> Double {
        let tut1 = (julianDateUT1 - 2_451_545.0) / 36_525.0
        var temp = -6.2e-6 * tut1 * tut1 * tut1 + 0.093104 * tut1 * tut1
            + (876_600.0 * 3600 + 8_640_184.812866) * tut1 + 67_310.54841
        temp = fmod(temp * .pi / 180 / 240.0, 2 * .pi)
        if temp < 0 { temp += 2 * .pi }
        return temp
    }
}
