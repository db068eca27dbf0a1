import Foundation

/// The SINR a spectral efficiency needs for about 10% BLER: the link-level curve shared
/// by CQI selection and the BLER model, so that CQI, MCS and BLER stay consistent.
///
/// A Shannon bound with a bandwidth-efficiency factor and a gap (TR 36.942 Annex A.2 style):
/// `SE = alpha * log2(1 + SINR / gap)`, so `SINR = gap * (2^(SE/alpha) - 1)`.
/// With `alpha = 0.8` and `gap = 1.8 dB` it reproduces the widely used 10%-BLER CQI
/// thresholds of CQI table 1 (-6.7, -4.7, ..., 21.0, 22.7 dB for CQI 1...15, AWGN,
/// SISO) within 0.05 dB, and extends smoothly to 256QAM efficiencies.
public struct LinkCurve: Sendable, Hashable, Codable {
    /// Bandwidth-efficiency factor alpha in (0, 1].
    public var efficiencyFactor: Double
    /// Implementation gap to the (scaled) Shannon bound in dB.
    public var gapDb: Double

    /// The calibrated default: alpha 0.8, gap 1.8 dB.
    public static let standard = LinkCurve(efficiencyFactor: 0.8, gapDb: 1.8)

    /// - Parameters:
    ///   - efficiencyFactor: alpha in (0, 1].
    ///   - gapDb: Gap to capacity in dB.
    public init(efficiencyFactor: Double, gapDb: Double) {
        precondition(efficiencyFactor > 0 && efficiencyFactor <= 1, "efficiency factor must be in (0, 1]")
        self.efficiencyFactor = efficiencyFactor
        self.gapDb = gapDb
    }

    /// The SINR at which a spectral efficiency is decoded with about 10% BLER.
    /// - Parameter spectralEfficiency: Bits per RE per layer (Qm * R), > 0.
    /// - Returns: The required SINR in dB.
    public func requiredSINRDb(spectralEfficiency: Double) -> Double {
        10 * log10(pow(2, spectralEfficiency / efficiencyFactor) - 1) + gapDb
    }

    /// The spectral efficiency supported at a SINR (inverse of ``requiredSINRDb(spectralEfficiency:)``).
    /// - Parameter sinrDb: The SINR in dB.
    /// - Returns: Bits per RE per layer at about 10% BLER.
    public func spectralEfficiency(sinrDb: Double) -> Double {
        efficiencyFactor * log2(1 + pow(10, (sinrDb - gapDb) / 10))
    }
}
