import Foundation

/// Circular-aperture antenna of a satellite or HAPS, TR 38.811 clause 6.4.1:
/// G(theta) = G_max * 4 |J1(k a sin theta) / (k a sin theta)|^2, with k = 2 pi f / c and a the
/// aperture radius. The same pattern serves HAPS antennas with their own aperture and peak gain.
public struct CircularApertureAntenna: Sendable, Equatable {
    /// Equivalent aperture diameter, m.
    public var apertureDiameterM: Double
    /// Carrier frequency, Hz.
    public var frequencyHz: Double
    /// Peak (boresight) gain, dBi.
    public var peakGainDbi: Double

    /// Creates an antenna.
    /// - Parameters:
    ///   - apertureDiameterM: equivalent aperture diameter (TR 38.821 Table 6.1.1.1-1/-2).
    ///   - frequencyHz: carrier frequency.
    ///   - peakGainDbi: boresight gain; when nil, that of a uniformly lit aperture with 65 %
    ///     efficiency, 10 log10(0.65 (pi D / lambda)^2).
    public init(apertureDiameterM: Double, frequencyHz: Double, peakGainDbi: Double? = nil) {
        self.apertureDiameterM = apertureDiameterM
        self.frequencyHz = frequencyHz
        let lambda = NTNConstants.speedOfLightMPerS / frequencyHz
        self.peakGainDbi = peakGainDbi ?? 10 * log10(0.65 * pow(Double.pi * apertureDiameterM / lambda, 2))
    }

    var kaTimesSin: Double { 2 * Double.pi * frequencyHz / NTNConstants.speedOfLightMPerS * apertureDiameterM / 2 }

    /// Normalised pattern 4 |J1(x)/x|^2 in dB (0 at boresight) for the argument x = k a sin(theta).
    static func normalisedPatternDb(x: Double) -> Double {
        guard abs(x) > 1e-9 else { return 0 }
        let v = 2 * j1(x) / x
        return 10 * log10(max(v * v, 1e-30))
    }

    /// Gain at an off-boresight angle, dBi.
    /// - Parameter offBoresightDeg: angle from the boresight, degrees.
    public func gainDbi(offBoresightDeg: Double) -> Double {
        let x = kaTimesSin * sin(degreesToRadians(abs(offBoresightDeg)))
        return peakGainDbi + Self.normalisedPatternDb(x: x)
    }

    /// Full 3 dB beamwidth, degrees (where the pattern is 3 dB below the peak, as in TR 38.821
    /// Table 6.1.1.1-1).
    public var beamwidth3dBDeg: Double {
        var lo = 0.0, hi = 3.0
        for _ in 0..<60 {
            let mid = 0.5 * (lo + hi)
            if Self.normalisedPatternDb(x: mid) > -3 { lo = mid } else { hi = mid }
        }
        let s = 0.5 * (lo + hi) / kaTimesSin
        return 2 * radiansToDegrees(asin(min(1, s)))
    }
}

/// Receiver figure of merit G/T, dB/K, from gain, noise figure and antenna temperature
/// (TR 38.821 clause 6.1.3.1): G - 10 log10(T_a + T_0 (10^(NF/10) - 1)), T_0 = 290 K.
/// - Parameters:
///   - antennaGainDbi: receive antenna gain.
///   - noiseFigureDb: receiver noise figure.
///   - antennaTemperatureK: antenna temperature.
/// - Returns: G/T in dB/K.
public func gOverTDbPerK(antennaGainDbi: Double, noiseFigureDb: Double, antennaTemperatureK: Double) -> Double {
    antennaGainDbi - 10 * log10(antennaTemperatureK + 290 * (pow(10, noiseFigureDb / 10) - 1))
}
