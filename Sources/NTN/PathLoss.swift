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

    // Zenith attenuation by oxygen and water vapour for a mean annual mid-latitude atmosphere
    // (7.5 g/m^3 at the surface), read from ITU-R P.676 / TR 38.811 Figure 6.6-6. Between points the
    // attenuation is interpolated linearly in frequency.
    static let zenithFrequencyGHz: [Double] = [1, 2, 4, 6, 8, 10, 12, 15, 18, 20, 22.2, 24, 26, 30, 35, 40, 45, 50,
                                               52, 54, 56, 58, 60, 62, 64, 66, 70, 80, 90, 100]
    static let zenithAttenuationDb: [Double] = [0.035, 0.045, 0.050, 0.055, 0.062, 0.070, 0.085, 0.12, 0.20, 0.26,
                                                0.40, 0.33, 0.27, 0.25, 0.30, 0.40, 0.65, 1.8, 4.0, 18, 70, 120,
                                                150, 120, 40, 8, 1.2, 0.8, 0.9, 1.2]

    /// Zenith gaseous attenuation, dB (ITU-R P.676 standard atmosphere, tabulated 1-100 GHz).
    /// - Parameter frequencyGHz: carrier frequency.
    public static func zenithAttenuationDb(frequencyGHz: Double) -> Double {
        interpolate(zenithFrequencyGHz, zenithAttenuationDb, at: frequencyGHz)
    }

    /// Atmospheric (gaseous) absorption, TR 38.811 eq. 6.6-8: A_zenith(f) / sin(elevation).
    /// The cosecant law is valid above about 10 degrees; below that the elevation is held at 5 degrees
    /// so the loss stays bounded (ITU-R P.676 Annex 1 would be needed for grazing paths).
    /// - Parameters:
    ///   - frequencyGHz: carrier frequency.
    ///   - elevationDeg: elevation angle.
    /// - Returns: loss in dB.
    public static func atmosphericDb(frequencyGHz: Double, elevationDeg: Double) -> Double {
        zenithAttenuationDb(frequencyGHz: frequencyGHz) / sin(degreesToRadians(max(elevationDeg, 5)))
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
