import Foundation

/// Deterministic path-loss terms of TR 38.811 clause 6.6.
public enum NTNPathLoss {
    /// Free-space path loss, TR 38.811 eq. 6.6-2: 32.45 + 20 log10(f_GHz) + 20 log10(d_m).
    /// - Parameters:
    ///   - distanceKm: slant range.
    ///   - frequencyGHz: carrier frequency.
    /// - Returns: loss in dB.
    public static func freeSpaceDb(distanceKm: Double, frequencyGHz: Double) -> Double {
        32.45 + 20 * log10(frequencyGHz) + 20 * log10(distanceKm * 1000)
    }

    /// From this elevation up the slant path is the zenith attenuation over sin(elevation)
    /// (TR 38.811 clause 6.6.4, eq. 6.6-8); below it the path is ray-traced (ITU-R P.676 Annex 1).
    public static let cosecantMinimumElevationDeg = 10.0

    /// Zenith gaseous attenuation through the whole atmosphere, dB: ITU-R P.676-13 Annex 1 summed
    /// over the ITU-R P.835 mean annual global reference atmosphere (7.5 g/m^3 of water vapour at
    /// the ground), the standard atmosphere of TR 38.811 Figure 6.6-6.
    /// - Parameter frequencyGHz: carrier frequency (held within 1...1000 GHz).
    public static func zenithAttenuationDb(frequencyGHz: Double) -> Double {
        profile(frequencyGHz: frequencyGHz).zenithDb
    }

    /// Atmospheric (gaseous) absorption on the path from a ground UE to a platform, dB:
    /// A_zenith(f) / sin(elevation) from 10 degrees up (TR 38.811 clause 6.6.4, eq. 6.6-8), the
    /// refracted ray of ITU-R P.676 Annex 1 clause 2.2 below 10 degrees (down to 0 degrees; lower
    /// elevations are held at 0). Only the air below the platform counts, so a HAPS at 20 km sees
    /// about 5 % less oxygen absorption than a satellite.
    /// - Parameters:
    ///   - frequencyGHz: carrier frequency (held within 1...1000 GHz).
    ///   - elevationDeg: elevation angle at the UE.
    ///   - platformAltitudeKm: altitude of the platform (default: above the atmosphere).
    /// - Returns: loss in dB.
    public static func atmosphericDb(frequencyGHz: Double, elevationDeg: Double,
                                     platformAltitudeKm: Double = ReferenceAtmosphere.topKm) -> Double {
        profile(frequencyGHz: frequencyGHz).slantPathDb(elevationDeg: elevationDeg, upToAltitudeKm: platformAltitudeKm)
    }

    /// The layer profile of a carrier, from a small bounded cache: a profile costs about 73,000
    /// line evaluations and a run uses one or two carriers, each evaluated at every link update.
    static func profile(frequencyGHz: Double) -> GaseousPathProfile {
        let f = min(max(frequencyGHz, GaseousAttenuation.validFrequencyGHz.lowerBound),
                    GaseousAttenuation.validFrequencyGHz.upperBound)
        return profiles.profile(frequencyGHz: f)
    }

    private static let profiles = GaseousProfileCache(capacity: 16)
}

/// Profiles by carrier frequency. The profile is a pure function of the frequency, so the cache only
/// saves time; it holds at most `capacity` carriers and starts over when full.
final class GaseousProfileCache: @unchecked Sendable {
    private let lock = NSLock()
    private var byFrequency: [Double: GaseousPathProfile] = [:]
    private let capacity: Int

    init(capacity: Int) { self.capacity = capacity }

    func profile(frequencyGHz: Double) -> GaseousPathProfile {
        lock.lock()
        if let p = byFrequency[frequencyGHz] { lock.unlock(); return p }
        lock.unlock()
        let p = GaseousPathProfile(frequencyGHz: frequencyGHz)
        lock.lock()
        if byFrequency.count >= capacity { byFrequency.removeAll(keepingCapacity: true) }
        byFrequency[frequencyGHz] = p
        lock.unlock()
        return p
    }
}

/// Scintillation losses of TR 38.811 clause 6.6.6.
public enum Scintillation {
    /// Peak-to-peak ionospheric fluctuation at 4 GHz for mid latitudes, dB (TR 38.811 clause 6.6.6.1.4,
    /// from ITU-R P.531 Figure 1, 0.01 % of time), which gives the 2.2 dB used at 2 GHz by TR 38.821.
    public static let ionosphericFluctuationAt4GHzDb = 1.1

    /// Ionospheric scintillation loss, TR 38.811 eq. 6.6-13: P_fluc(4 GHz) / sqrt(2) * (f / 4)^-1.5,
    /// applied below 6 GHz only.
    /// - Parameters:
    ///   - frequencyGHz: carrier frequency.
    ///   - depthMultiplier: scaling of the fluctuation for disturbed conditions (1 when quiet).
    /// - Returns: loss in dB (0 at 6 GHz and above).
    public static func ionosphericLossDb(frequencyGHz: Double, depthMultiplier: Double = 1) -> Double {
        guard frequencyGHz < 6 else { return 0 }
        return depthMultiplier * ionosphericFluctuationAt4GHzDb / 2.0.squareRoot() * pow(frequencyGHz / 4, -1.5)
    }

    static let troposphericElevationDeg: [Double] = [10, 20, 30, 40, 50, 60, 70, 80, 90]
    static let troposphericLossDb20GHz: [Double] = [1.08, 0.48, 0.30, 0.22, 0.17, 0.13, 0.12, 0.12, 0.12]

    /// Tropospheric scintillation loss, applied at 6 GHz and above: TR 38.811 Table 6.6.6.2.1-1
    /// (20 GHz, ITU-R P.618) interpolated in elevation and scaled with f^(7/12) as in P.618.
    /// - Parameters:
    ///   - frequencyGHz: carrier frequency.
    ///   - elevationDeg: elevation angle (held at 10 degrees below 10 degrees).
    /// - Returns: loss in dB (0 below 6 GHz).
    public static func troposphericLossDb(frequencyGHz: Double, elevationDeg: Double) -> Double {
        guard frequencyGHz >= 6 else { return 0 }
        let at20 = interpolate(troposphericElevationDeg, troposphericLossDb20GHz, at: elevationDeg)
        return at20 * pow(frequencyGHz / 20, 7.0 / 12.0)
    }

    /// Total scintillation loss for a link (ionospheric below 6 GHz, tropospheric above).
    public static func lossDb(frequencyGHz: Double, elevationDeg: Double, ionosphericDepthMultiplier: Double = 1) -> Double {
        ionosphericLossDb(frequencyGHz: frequencyGHz, depthMultiplier: ionosphericDepthMultiplier)
            + troposphericLossDb(frequencyGHz: frequencyGHz, elevationDeg: elevationDeg)
    }
}
