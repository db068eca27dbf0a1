import Foundation

/// The geometry of one link between a ground point and a platform at one instant.
public struct LinkGeometry: Sendable, Equatable {
    /// Elevation above the local horizon, degrees.
    public var elevationDeg: Double
    /// Azimuth clockwise from north, degrees in [0, 360).
    public var azimuthDeg: Double
    /// Slant range, km.
    public var slantRangeKm: Double
    /// Rate of change of the slant range, km/s (positive when receding).
    public var rangeRateKmPerS: Double

    /// One-way propagation delay, ms (slant range / c).
    public var oneWayDelayMs: Double { slantRangeKm / NTNConstants.speedOfLightKmPerS * 1000 }
    /// Drift of the one-way delay, microseconds per second (range rate / c).
    public var delayDriftUsPerS: Double { rangeRateKmPerS / NTNConstants.speedOfLightKmPerS * 1e6 }

    /// Doppler shift seen on a carrier, Hz: -f * (range rate) / c (positive while approaching).
    /// - Parameter carrierHz: carrier frequency.
    public func dopplerShiftHz(carrierHz: Double) -> Double {
        -carrierHz * rangeRateKmPerS / NTNConstants.speedOfLightKmPerS
    }

    /// Geometry between a fixed ground point and a platform state, both in ECEF.
    /// - Parameters:
    ///   - ground: the ground point (UE or gateway), fixed on the Earth.
    ///   - platform: the platform's ECEF position and velocity.
    public init(ground: GroundPoint, platform: PlatformState) {
        let g = ground.ecefKm
        let los = platform.positionKm - g
        let range = los.norm
        let (e, n, u) = ground.enuBasis
        let east = los.dot(e), north = los.dot(n), up = los.dot(u)
        elevationDeg = radiansToDegrees(asin(max(-1, min(1, up / max(range, 1e-12)))))
        var az = radiansToDegrees(atan2(east, north))
        if az < 0 { az += 360 }
        azimuthDeg = az
        slantRangeKm = range
        rangeRateKmPerS = range > 0 ? los.dot(platform.velocityKmPerS) / range : 0
    }

    /// Geometry between a ground point and a platform at `t` seconds.
    public init(ground: GroundPoint, platform: some PlatformMotion, atSeconds t: Double) {
        self.init(ground: ground, platform: platform.stateECEF(atSeconds: t))
    }
}

/// Closed-form geometry over a spherical Earth, as used in TR 38.821 and TR 38.811.
public enum ElevationGeometry {
    /// Slant range from a ground point to a platform at `altitudeKm` seen at `elevationDeg`
    /// (TR 38.811 eq. 6.6-3, TR 38.821 clause 4.2):
    /// d = sqrt(R^2 sin^2(a) + h^2 + 2 h R) - R sin(a).
    /// - Parameters:
    ///   - elevationDeg: elevation angle a.
    ///   - altitudeKm: platform altitude h.
    ///   - earthRadiusKm: R (default 6371 km, TR 38.811 clause 6.3).
    /// - Returns: the slant range d in km.
    public static func slantRangeKm(elevationDeg: Double, altitudeKm: Double,
                                    earthRadiusKm: Double = NTNConstants.meanEarthRadiusKm) -> Double {
        let s = sin(degreesToRadians(elevationDeg))
        let r = earthRadiusKm, h = altitudeKm
        return (r * r * s * s + h * h + 2 * h * r).squareRoot() - r * s
    }

    /// Elevation at which a platform at `altitudeKm` is seen at `slantRangeKm` (inverse of
    /// `slantRangeKm(elevationDeg:altitudeKm:earthRadiusKm:)`, law of cosines).
    public static func elevationDeg(slantRangeKm d: Double, altitudeKm h: Double,
                                    earthRadiusKm r: Double = NTNConstants.meanEarthRadiusKm) -> Double {
        let s = ((r + h) * (r + h) - r * r - d * d) / (2 * r * d)
        return radiansToDegrees(asin(max(-1, min(1, s))))
    }

    /// Earth-central angle between the ground point and the sub-platform point, degrees.
    public static func centralAngleDeg(elevationDeg: Double, altitudeKm: Double,
                                       earthRadiusKm r: Double = NTNConstants.meanEarthRadiusKm) -> Double {
        let e = degreesToRadians(elevationDeg)
        let nadir = asin(r / (r + altitudeKm) * cos(e))
        return radiansToDegrees(.pi / 2 - e - nadir)
    }

    /// Largest Doppler shift for a satellite on a circular orbit passing through the zenith, at the
    /// lowest elevation of the pass (Earth rotation neglected, as in TR 38.821 clause 5.3.4):
    /// f_d = f (v / c) (R / (R + h)) cos(elevation).
    /// - Parameters:
    ///   - altitudeKm: orbit altitude.
    ///   - carrierHz: carrier frequency.
    ///   - elevationDeg: elevation at which the shift is evaluated (0 gives the maximum).
    ///   - earthRadiusKm: Earth radius.
    /// - Returns: Doppler shift magnitude, Hz.
    public static func maxDopplerShiftHz(altitudeKm: Double, carrierHz: Double, elevationDeg: Double = 0,
                                         earthRadiusKm r: Double = NTNConstants.meanEarthRadiusKm) -> Double {
        let a = r + altitudeKm
        let v = (NTNConstants.earthMuKm3PerS2 / a).squareRoot()
        return carrierHz * v / NTNConstants.speedOfLightKmPerS * r / a * cos(degreesToRadians(elevationDeg))
    }

    /// Largest Doppler rate for a zenith pass, Hz/s (at the zenith, Earth rotation neglected):
    /// f v^2 R / (c h (R + h)), the second derivative of the range there being v^2 (1/h - 1/(R + h)).
    public static func maxDopplerRateHzPerS(altitudeKm h: Double, carrierHz: Double,
                                            earthRadiusKm r: Double = NTNConstants.meanEarthRadiusKm) -> Double {
        let a = r + h
        let v2 = NTNConstants.earthMuKm3PerS2 / a
        return carrierHz / NTNConstants.speedOfLightKmPerS * v2 * r / (a * h)
    }
}
