import Foundation

/// A high-altitude platform station (HAPS) in the stratosphere, 18 to 25 km up (TR 38.821 clause 4.2).
///
/// It holds a fixed position, optionally with slow station-keeping drift modelled as a circle of
/// `driftRadiusKm` around the nominal point, travelled once every `driftPeriodSeconds`.
public struct HAPS: PlatformMotion, Sendable, Equatable {
    /// Allowed altitude band, km.
    public static let altitudeRangeKm: ClosedRange<Double> = 18...25

    /// Nominal position (geodetic); `altitudeKm` is the flight altitude.
    public var position: GroundPoint
    /// Radius of the station-keeping circle, km (0 for a fixed platform).
    public var driftRadiusKm: Double
    /// Period of one station-keeping circle, seconds.
    public var driftPeriodSeconds: Double

    /// Creates a HAPS.
    /// - Parameters:
    ///   - latitudeDeg: nominal latitude.
    ///   - longitudeDeg: nominal longitude.
    ///   - altitudeKm: flight altitude, 18 to 25 km (clamped into that band).
    ///   - driftRadiusKm: station-keeping circle radius (default 0: fixed).
    ///   - driftPeriodSeconds: period of the circle (default 1 hour).
    public init(latitudeDeg: Double, longitudeDeg: Double, altitudeKm: Double = 20,
                driftRadiusKm: Double = 0, driftPeriodSeconds: Double = 3600) {
        let alt = min(max(altitudeKm, Self.altitudeRangeKm.lowerBound), Self.altitudeRangeKm.upperBound)
        position = GroundPoint(latitudeDeg: latitudeDeg, longitudeDeg: longitudeDeg, altitudeKm: alt)
        self.driftRadiusKm = max(0, driftRadiusKm)
        self.driftPeriodSeconds = max(1, driftPeriodSeconds)
    }

    /// ECEF state at `t` seconds; the drift circle lies in the local horizontal plane.
    public func stateECEF(atSeconds t: Double) -> PlatformState {
        let centre = position.ecefKm
        guard driftRadiusKm > 0 else { return PlatformState(positionKm: centre, velocityKmPerS: .zero) }
        let (east, north, _) = position.enuBasis
        let w = 2 * Double.pi / driftPeriodSeconds
        let phase = w * t
        let pos = centre + east * (driftRadiusKm * cos(phase)) + north * (driftRadiusKm * sin(phase))
        let vel = east * (-driftRadiusKm * w * sin(phase)) + north * (driftRadiusKm * w * cos(phase))
        return PlatformState(positionKm: pos, velocityKmPerS: vel)
    }
}
