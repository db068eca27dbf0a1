/// A Walker delta constellation i:t/p/f (Walker 1984): `totalSatellites` t in `planes` p equally
/// spaced in RAAN over 360 degrees, t/p satellites per plane, and relative phasing f.
public struct WalkerConstellation: Sendable, Equatable {
    /// Altitude, km.
    public var altitudeKm: Double
    /// Inclination i, degrees.
    public var inclinationDeg: Double
    /// Total satellites t.
    public var totalSatellites: Int
    /// Number of orbital planes p.
    public var planes: Int
    /// Phasing parameter f, 0 ..< p.
    public var phasing: Int
    /// RAAN of the first plane, degrees.
    public var raanOffsetDeg: Double

    /// Creates a Walker delta pattern; fails unless p divides t and 0 <= f < p.
    public init?(altitudeKm: Double, inclinationDeg: Double, totalSatellites: Int, planes: Int, phasing: Int,
                 raanOffsetDeg: Double = 0) {
        guard planes > 0, totalSatellites > 0, totalSatellites % planes == 0, phasing >= 0, phasing < planes else {
            return nil
        }
        self.altitudeKm = altitudeKm
        self.inclinationDeg = inclinationDeg
        self.totalSatellites = totalSatellites
        self.planes = planes
        self.phasing = phasing
        self.raanOffsetDeg = raanOffsetDeg
    }

    /// Satellites per plane, t/p.
    public var satellitesPerPlane: Int { totalSatellites / planes }
    /// RAAN spacing between adjacent planes, degrees (360/p).
    public var planeSpacingDeg: Double { 360.0 / Double(planes) }
    /// In-plane spacing, degrees (360 p / t).
    public var inPlaneSpacingDeg: Double { 360.0 / Double(satellitesPerPlane) }
    /// Phase offset between adjacent planes, degrees (360 f / t).
    public var interPlanePhaseDeg: Double { 360.0 * Double(phasing) / Double(totalSatellites) }

    /// The orbits, plane by plane: satellite k of plane j has RAAN j*360/p and phase
    /// k*360/(t/p) + j*360 f/t.
    /// - Parameter greenwichAngleAtEpochDeg: Earth rotation angle at the scenario epoch.
    /// - Returns: `totalSatellites` circular orbits.
    public func orbits(greenwichAngleAtEpochDeg: Double = 0) -> [CircularOrbit] {
        var result: [CircularOrbit] = []
        result.reserveCapacity(totalSatellites)
        for j in 0..<planes {
            for k in 0..<satellitesPerPlane {
                let phase = (Double(k) * inPlaneSpacingDeg + Double(j) * interPlanePhaseDeg)
                    .truncatingRemainder(dividingBy: 360)
                result.append(CircularOrbit(altitudeKm: altitudeKm, inclinationDeg: inclinationDeg,
                                            raanDeg: raanOffsetDeg + Double(j) * planeSpacingDeg,
                                            phaseDeg: phase, greenwichAngleAtEpochDeg: greenwichAngleAtEpochDeg))
            }
        }
        return result
    }
}
