import Foundation

/// Open-loop PUSCH power control (TS 38.213 clause 7.1.1), per PRB: the UE aims at
/// `P0 + alpha * PL` per PRB, capped by its maximum power spread over the PRBs it sends on.
///
/// Fractional control (`alpha` < 1) compensates only part of the path loss, so a cell-edge
/// UE arrives weaker than a near one and causes less interference in the neighbour cells.
/// Closed-loop corrections and the MCS term (delta_TF) are not modelled.
public struct UplinkPowerControl: Sendable, Hashable {
    /// UE maximum transmit power P_CMAX, dBm.
    public var maxPowerDbm: Double
    /// Target received power per PRB (P0_PUSCH at one PRB), dBm.
    public var p0DbmPerPRB: Double
    /// Fraction of the path loss compensated, 0...1.
    public var alpha: Double

    /// - Parameters:
    ///   - maxPowerDbm: P_CMAX (default 23 dBm, power class 3 of TS 38.101-1).
    ///   - p0DbmPerPRB: P0 per PRB (default -80 dBm).
    ///   - alpha: Path-loss compensation factor (default 0.8).
    public init(maxPowerDbm: Double = 23, p0DbmPerPRB: Double = -80, alpha: Double = 0.8) {
        precondition((0...1).contains(alpha), "alpha must lie in 0...1")
        self.maxPowerDbm = maxPowerDbm
        self.p0DbmPerPRB = p0DbmPerPRB
        self.alpha = alpha
    }

    /// Transmit power on each PRB of a PUSCH.
    /// - Parameters:
    ///   - pathLossDb: Path loss towards the serving cell (antenna gains and shadowing included), dB.
    ///   - prbs: PRBs of the PUSCH (0 counts as 1).
    /// - Returns: Power per PRB, dBm.
    public func txPowerPerPRBDbm(pathLossDb: Double, prbs: Int) -> Double {
        min(maxPowerDbm - 10 * log10(Double(max(1, prbs))), p0DbmPerPRB + alpha * pathLossDb)
    }
}
