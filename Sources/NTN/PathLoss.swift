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
    /// elevations are held at 0). Only the air below the platform counts: a HAPS at 20 km has all the
    /// water vapour and about 95 % of the air mass below it.
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

    /// Peak-to-peak fluctuation when ionospheric scintillation saturates, dB: ITU-R P.531 Table 1
    /// converts S4 to a peak-to-peak fluctuation and S4 cannot exceed about 1 (Rayleigh fading),
    /// where the fluctuation is 27.5 dB. The f^-1.5 law describes weak scintillation only; with the
    /// quiet mid-latitude value it reaches saturation just below 0.47 GHz.
    public static let saturatedIonosphericFluctuationDb = 27.5

    /// Altitude where the ionosphere begins (the bottom of its D region), km. A platform below it, such
    /// as a HAPS at 18-25 km (TR 38.821 clause 4.2), has no ionosphere on its path to the ground.
    public static let ionosphereBaseAltitudeKm = 60.0

    /// Carriers that get the ionospheric term, GHz: up to 6 GHz, where the tropospheric term takes
    /// over. Lower carriers are not refused here: the f^-1.5 growth stops at saturation, so the loss is
    /// bounded by 27.5 / sqrt(2) = 19.4 dB at any frequency. The link commands accept 0.5 GHz and up.
    public static let ionosphericFrequencyGHz: Range<Double> = 0..<6

    /// Ionospheric scintillation loss, TR 38.811 clause 6.6.6.1 (eq. 6.6-13): P_fluc(f) / sqrt(2) with
    /// P_fluc(f) = P_fluc(4 GHz) (f / 4)^-1.5 (ITU-R P.531), times the depth multiplier of disturbed
    /// conditions and capped at saturation (`saturatedIonosphericFluctuationDb`).
    /// - Parameters:
    ///   - frequencyGHz: carrier frequency.
    ///   - depthMultiplier: scaling of the fluctuation for disturbed conditions (1 when quiet).
    ///   - platformAltitudeKm: altitude of the platform; below `ionosphereBaseAltitudeKm` the path
    ///     does not cross the ionosphere and the loss is 0 (default: a satellite).
    /// - Returns: loss in dB, 0...19.4 (0 at 6 GHz and above).
    public static func ionosphericLossDb(frequencyGHz: Double, depthMultiplier: Double = 1,
                                         platformAltitudeKm: Double = .infinity) -> Double {
        guard ionosphericFrequencyGHz.contains(frequencyGHz), platformAltitudeKm >= ionosphereBaseAltitudeKm else { return 0 }
        let fluctuation = max(0, depthMultiplier) * ionosphericFluctuationAt4GHzDb * pow(frequencyGHz / 4, -1.5)
        return min(fluctuation, saturatedIonosphericFluctuationDb) / 2.0.squareRoot()
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
    /// - Parameters:
    ///   - frequencyGHz: carrier frequency.
    ///   - elevationDeg: elevation angle.
    ///   - ionosphericDepthMultiplier: scaling of the ionospheric fluctuation (1 when quiet).
    ///   - platformAltitudeKm: altitude of the platform (no ionospheric term below the ionosphere).
    public static func lossDb(frequencyGHz: Double, elevationDeg: Double, ionosphericDepthMultiplier: Double = 1,
                              platformAltitudeKm: Double = .infinity) -> Double {
        ionosphericLossDb(frequencyGHz: frequencyGHz, depthMultiplier: ionosphericDepthMultiplier,
                          platformAltitudeKm: platformAltitudeKm)
            + troposphericLossDb(frequencyGHz: frequencyGHz, elevationDeg: elevationDeg)
    }
}
