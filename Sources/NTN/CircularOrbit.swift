import Foundation

/// A satellite on a circular Keplerian orbit around a spherical Earth (no J2, no drag).
///
/// Good enough for constellation geometry, delay and Doppler studies (TR 38.821 uses the same
/// circular-orbit assumption); use `SGP4Platform` for a real satellite from its TLE.
public struct CircularOrbit: PlatformMotion, Sendable, Equatable, Codable {
    /// Altitude above the mean Earth radius, km.
    public var altitudeKm: Double
    /// Inclination, degrees.
    public var inclinationDeg: Double
    /// Right ascension of the ascending node at epoch, degrees.
    public var raanDeg: Double
    /// Argument of latitude (phase from the ascending node) at epoch, degrees; for a circular
    /// orbit this plays the role of the mean anomaly.
    public var phaseDeg: Double
    /// Greenwich sidereal angle at the scenario epoch, degrees (0 aligns ECI and ECEF at t = 0).
    public var greenwichAngleAtEpochDeg: Double
    /// Earth radius the altitude is counted from, km.
    public var earthRadiusKm: Double

    /// Creates a circular orbit.
    public init(altitudeKm: Double, inclinationDeg: Double, raanDeg: Double = 0, phaseDeg: Double = 0,
                greenwichAngleAtEpochDeg: Double = 0, earthRadiusKm: Double = NTNConstants.meanEarthRadiusKm) {
        self.altitudeKm = altitudeKm
        self.inclinationDeg = inclinationDeg
        self.raanDeg = raanDeg
        self.phaseDeg = phaseDeg
        self.greenwichAngleAtEpochDeg = greenwichAngleAtEpochDeg
        self.earthRadiusKm = earthRadiusKm
    }

    /// Orbit radius, km.
    public var radiusKm: Double { earthRadiusKm + altitudeKm }
    /// Mean motion, rad/s.
    public var meanMotionRadPerS: Double { (NTNConstants.earthMuKm3PerS2 / (radiusKm * radiusKm * radiusKm)).squareRoot() }
    /// Orbital period, s.
    public var periodSeconds: Double { 2 * .pi / meanMotionRadPerS }
    /// Orbital speed (inertial), km/s.
    public var speedKmPerS: Double { radiusKm * meanMotionRadPerS }

    /// Inertial (ECI) state at `t` seconds.
    public func stateECI(atSeconds t: Double) -> PlatformState {
        let n = meanMotionRadPerS
        let u = degreesToRadians(phaseDeg) + n * t
        let raan = degreesToRadians(raanDeg), inc = degreesToRadians(inclinationDeg)
        let cu = cos(u), su = sin(u), cO = cos(raan), sO = sin(raan), ci = cos(inc), si = sin(inc)
        let r = radiusKm
        let pos = Vector3(r * (cu * cO - su * ci * sO), r * (cu * sO + su * ci * cO), r * su * si)
        let v = r * n
        let vel = Vector3(v * (-su * cO - cu * ci * sO), v * (-su * sO + cu * ci * cO), v * cu * si)
        return PlatformState(positionKm: pos, velocityKmPerS: vel)
    }

    /// Earth-fixed (ECEF) state at `t` seconds: the ECI state seen from the rotating Earth.
    public func stateECEF(atSeconds t: Double) -> PlatformState {
        let eci = stateECI(atSeconds: t)
        let theta = degreesToRadians(greenwichAngleAtEpochDeg) + NTNConstants.earthRotationRadPerS * t
        return eciToECEF(eci, greenwichAngleRad: theta)
    }
}

/// Rotates an inertial state into the Earth-fixed frame (polar motion neglected).
/// - Parameters:
///   - state: ECI/TEME position and velocity.
///   - greenwichAngleRad: Earth rotation angle (GMST) at that instant.
/// - Returns: the ECEF state; velocity includes the frame rotation term -omega x r.
public func eciToECEF(_ state: PlatformState, greenwichAngleRad: Double) -> PlatformState {
    let r = state.positionKm.rotatedFrameZ(greenwichAngleRad)
    let vRot = state.velocityKmPerS.rotatedFrameZ(greenwichAngleRad)
    let omega = Vector3(0, 0, NTNConstants.earthRotationRadPerS)
    return PlatformState(positionKm: r, velocityKmPerS: vRot - omega.cross(r))
}
