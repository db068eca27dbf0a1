/// Anything that flies above a ground point and can tell where it is at a time.
///
/// Time `t` is counted in seconds from the scenario epoch the platform was built for.
public protocol PlatformMotion: Sendable {
    /// Position and velocity in the Earth-fixed frame (ECEF), km and km/s, at `t` seconds.
    func stateECEF(atSeconds t: Double) -> PlatformState
}

/// A platform of any kind, as a closed set of value types (no existentials on model paths).
public enum Platform: PlatformMotion, Sendable {
    /// A high-altitude platform station.
    case haps(HAPS)
    /// A satellite on a circular Keplerian orbit.
    case circular(CircularOrbit)
    /// A satellite propagated from a two-line element set with SGP4.
    case sgp4(SGP4Platform)

    /// Position and velocity in ECEF at `t` seconds from the scenario epoch.
    public func stateECEF(atSeconds t: Double) -> PlatformState {
        switch self {
        case .haps(let h): return h.stateECEF(atSeconds: t)
        case .circular(let o): return o.stateECEF(atSeconds: t)
        case .sgp4(let s): return s.stateECEF(atSeconds: t)
        }
    }
}
