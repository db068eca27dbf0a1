import Foundation

/// A block error rate abstraction: a logistic curve in SINR (dB) per MCS.
///
/// `BLER(s) = 1 / (1 + 9 * exp(slope * (s - s10)))`, where `s10` is the SINR the MCS
/// needs for 10% BLER on the ``LinkCurve`` (from the MCS's spectral efficiency Qm * R).
/// BLER is therefore exactly 0.1 at `s10`, falls with SINR and never falls with MCS:
/// `s10` is held non-decreasing in MCS because MCS table 1 lists MCS 17 (64QAM, 2.5664)
/// below MCS 16 (16QAM, 2.5703), and MCS 17 then takes MCS 16's requirement. The default
/// slope (2.0 per dB) takes BLER from 10% to 1% in about 1.2 dB, the steepness of LDPC
/// curves for medium block lengths in AWGN.
public struct BLERModel: Sendable, Hashable, Codable {
    /// The SINR-to-efficiency curve that places each MCS's 10% point.
    public var curve: LinkCurve
    /// Logistic steepness in 1/dB (> 0).
    public var slopePerDb: Double

    /// - Parameters:
    ///   - curve: The link curve (default ``LinkCurve/standard``).
    ///   - slopePerDb: Steepness in 1/dB (default 2.0).
    public init(curve: LinkCurve = .standard, slopePerDb: Double = 2.0) {
        precondition(slopePerDb > 0, "BLER slope must be positive")
        self.curve = curve
        self.slopePerDb = slopePerDb
    }

    /// The SINR at which an MCS has 10% BLER.
    /// - Parameters:
    ///   - mcs: MCS index 0...`table.maxMCS` (reserved indices are a programmer error:
    ///     evaluate a retransmission with the MCS of the initial transmission).
    ///   - table: The MCS table.
    /// - Returns: The SINR in dB.
    public func requiredSINRDb(mcs: Int, table: MCSTable) -> Double {
        precondition(mcs >= 0 && mcs <= table.maxMCS, "MCS \(mcs) has no code rate in \(table)")
        if curve == .standard {
            return table == .qam64 ? Self.standardRequired1[mcs] : Self.standardRequired2[mcs]
        }
        return Self.requirements(curve: curve, table: table)[mcs]
    }

    /// The 10% points of every MCS of a table, held non-decreasing in MCS.
    static func requirements(curve: LinkCurve, table: MCSTable) -> [Double] {
        var result: [Double] = []
        for mcs in 0...table.maxMCS {
            let own = curve.requiredSINRDb(spectralEfficiency: table.entry(mcs: mcs)!.spectralEfficiency)
            result.append(max(own, result.last ?? -.infinity))
        }
        return result
    }

    /// The block error probability of one transmission.
    /// - Parameters:
    ///   - sinrDb: The effective SINR in dB (after HARQ combining, if any).
    ///   - mcs: The MCS index.
    ///   - table: The MCS table.
    /// - Returns: BLER in [0, 1] (it saturates at 0 or 1 far from the 10% point).
    public func bler(sinrDb: Double, mcs: Int, table: MCSTable) -> Double {
        let margin = sinrDb - requiredSINRDb(mcs: mcs, table: table)
        return 1 / (1 + 9 * exp(slopePerDb * margin))
    }

    /// Effective SINR after HARQ chase combining of `n` transmissions of the same
    /// redundancy version at the same SINR: the energies add, +10 log10(n) dB.
    /// - Parameters:
    ///   - n: Number of transmissions so far (>= 1).
    ///   - sinrDb: SINR of each transmission in dB.
    /// - Returns: The combined SINR in dB.
    public func effectiveSINRDb(afterTransmissions n: Int, sinrDb: Double) -> Double {
        precondition(n >= 1, "at least one transmission")
        return sinrDb + 10 * log10(Double(n))
    }

    /// Chase combining of transmissions at different SINRs (linear sum of the SINRs).
    /// - Parameter sinrsDb: SINR of each transmission in dB (not empty).
    /// - Returns: The combined SINR in dB.
    public func combinedSINRDb(_ sinrsDb: [Double]) -> Double {
        precondition(!sinrsDb.isEmpty, "at least one transmission")
        return 10 * log10(sinrsDb.reduce(0) { $0 + pow(10, $1 / 10) })
    }

    private static let standardRequired1 = requirements(curve: .standard, table: .qam64)
    private static let standardRequired2 = requirements(curve: .standard, table: .qam256)
}
