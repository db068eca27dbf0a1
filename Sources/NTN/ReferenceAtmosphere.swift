import Foundation

/// The mean annual global reference atmosphere of ITU-R P.835-6 clause 1, the "standard atmosphere"
/// of the ITU-R P.676 zenith-attenuation curves that TR 38.811 clause 6.6.4 uses.
///
/// Temperature and total pressure are the piecewise profiles of P.835-6 clause 1.1-1.2, written in
/// geopotential height up to 84.852 km and in geometric height from 86 to 100 km. Water vapour
/// (clause 1.3) is exponential, 7.5 g/m^3 at the ground with a 2 km scale height, its mixing ratio
/// held at 2e-6 or more where the exponential would fall below it (the stratosphere and above).
public enum ReferenceAtmosphere {
    /// The state of the air at one altitude.
    public struct State: Sendable, Equatable {
        /// Temperature, K.
        public var temperatureK: Double
        /// Total barometric pressure, hPa.
        public var pressureHPa: Double
        /// Partial pressure of water vapour, hPa.
        public var waterVapourPressureHPa: Double

        /// Dry-air pressure, hPa: the `p` of ITU-R P.676 Annex 1 (total minus water vapour).
        public var dryPressureHPa: Double { pressureHPa - waterVapourPressureHPa }

        /// Radio refractive index from the simplified refractivity of ITU-R P.453:
        /// n = 1 + N 1e-6 with N = 77.6 / T (P + 4810 e / T).
        public var refractiveIndex: Double {
            1 + 1e-6 * 77.6 / temperatureK * (pressureHPa + 4810 * waterVapourPressureHPa / temperatureK)
        }
    }

    /// Water-vapour density at the ground, g/m^3 (the "7.5 g/m^3 at the surface" of the P.676 curves).
    public static let surfaceWaterVapourDensityGPerM3 = 7.5
    /// Water-vapour scale height, km (P.835-6 clause 1.3).
    public static let waterVapourScaleHeightKm = 2.0
    /// Top of the reference atmosphere, km.
    public static let topKm = 100.0

    /// The state at a geometric altitude (clamped to 0...100 km).
    /// - Parameter altitudeKm: geometric height above mean sea level.
    public static func state(altitudeKm: Double) -> State {
        let h = min(max(altitudeKm, 0), topKm)
        let (t, p) = temperatureAndPressure(geometricKm: h)
        // P.835-6 clause 1.3: e = rho T / 216.7, the mixing ratio e / P at least 2e-6.
        let rho = surfaceWaterVapourDensityGPerM3 * exp(-h / waterVapourScaleHeightKm)
        let e = max(rho * t / 216.7, 2e-6 * p)
        return State(temperatureK: t, pressureHPa: p, waterVapourPressureHPa: e)
    }

    private static func temperatureAndPressure(geometricKm h: Double) -> (Double, Double) {
        if h >= 86 {
            // 86-100 km: P.835-6 profiles in geometric height.
            let t = h <= 91 ? 186.8673 : 263.1905 - 76.3232 * (1 - pow((h - 91) / 19.9429, 2)).squareRoot()
            let p = exp(95.571899 - 4.011801 * h + 6.424731e-2 * h * h - 4.789660e-4 * pow(h, 3) + 1.340543e-6 * pow(h, 4))
            return (t, p)
        }
        // Below 86 km the profiles are in geopotential height h' = 6356.766 h / (6356.766 + h).
        let g = 6356.766 * h / (6356.766 + h)
        switch g {
        case ..<11:
            let t = 288.15 - 6.5 * g
            return (t, 1013.25 * pow(288.15 / t, -34.1632 / 6.5))
        case ..<20:
            return (216.65, 226.3226 * exp(-34.1632 * (g - 11) / 216.65))
        case ..<32:
            let t = 216.65 + (g - 20)
            return (t, 54.74980 * pow(216.65 / t, 34.1632))
        case ..<47:
            let t = 228.65 + 2.8 * (g - 32)
            return (t, 8.680422 * pow(228.65 / t, 34.1632 / 2.8))
        case ..<51:
            return (270.65, 1.109106 * exp(-34.1632 * (g - 47) / 270.65))
        case ..<71:
            let t = 270.65 - 2.8 * (g - 51)
            return (t, 0.6694167 * pow(270.65 / t, -34.1632 / 2.8))
        default:
            let t = 214.65 - 2.0 * (g - 71)
            return (t, 0.03956649 * pow(214.65 / t, -34.1632 / 2.0))
        }
    }
}
