/// Base-station classes of the EARTH power model.
public enum BaseStationType: String, Sendable, Codable, CaseIterable {
    case macro, rrh, micro, pico, femto
}

/// Parameters of the EARTH base-station power model (Auer et al., "How much energy is needed to
/// run a wireless network?", IEEE Wireless Communications 18(5), 2011, Table 2; EARTH D2.3).
///
/// All powers are per transceiver chain (TRX); the site total multiplies by `transceiverCount`.
public struct EARTHParameters: Sendable, Equatable, Codable {
    /// N_TRX: transceiver chains (antennas times sectors).
    public var transceiverCount: Int
    /// P_max: maximum RF output power per TRX, W.
    public var maxOutputPowerW: Double
    /// P_0: input power per TRX at minimum non-zero output (the no-load power), W.
    public var noLoadPowerW: Double
    /// Delta_p: slope of the load-dependent input power (W in per W radiated).
    public var loadSlope: Double
    /// P_sleep: input power per TRX in the EARTH sleep state, W.
    public var sleepPowerW: Double

    /// Creates a parameter set.
    /// - Parameters:
    ///   - transceiverCount: N_TRX, at least 1.
    ///   - maxOutputPowerW: P_max per TRX, > 0.
    ///   - noLoadPowerW: P_0 per TRX, >= 0.
    ///   - loadSlope: Delta_p, >= 0.
    ///   - sleepPowerW: P_sleep per TRX, >= 0.
    public init(transceiverCount: Int, maxOutputPowerW: Double, noLoadPowerW: Double, loadSlope: Double, sleepPowerW: Double) {
        precondition(transceiverCount >= 1 && maxOutputPowerW > 0 && noLoadPowerW >= 0 && loadSlope >= 0 && sleepPowerW >= 0,
                     "EARTH parameters out of range")
        self.transceiverCount = transceiverCount
        self.maxOutputPowerW = maxOutputPowerW
        self.noLoadPowerW = noLoadPowerW
        self.loadSlope = loadSlope
        self.sleepPowerW = sleepPowerW
    }

    /// The published parameters of Auer et al. 2011, Table 2 (2x2 MIMO, 10 MHz, 3 sectors for
    /// macro and RRH):
    ///
    /// | type  | N_TRX | P_max W | P_0 W | Delta_p | P_sleep W |
    /// |-------|-------|---------|-------|---------|-----------|
    /// | macro | 6     | 20      | 130   | 4.7     | 75        |
    /// | RRH   | 6     | 20      | 84    | 2.8     | 56        |
    /// | micro | 2     | 6.3     | 56    | 2.6     | 39        |
    /// | pico  | 2     | 0.13    | 6.8   | 4.0     | 4.3       |
    /// | femto | 2     | 0.05    | 4.8   | 8.0     | 2.9       |
    ///
    /// - Parameter type: the base-station class.
    /// - Returns: its published parameter set.
    public static func published(_ type: BaseStationType) -> EARTHParameters {
        switch type {
        case .macro: return EARTHParameters(transceiverCount: 6, maxOutputPowerW: 20, noLoadPowerW: 130, loadSlope: 4.7, sleepPowerW: 75)
        // The RRH sheds the feeder loss and active cooling of the macro site.
        case .rrh: return EARTHParameters(transceiverCount: 6, maxOutputPowerW: 20, noLoadPowerW: 84, loadSlope: 2.8, sleepPowerW: 56)
        case .micro: return EARTHParameters(transceiverCount: 2, maxOutputPowerW: 6.3, noLoadPowerW: 56, loadSlope: 2.6, sleepPowerW: 39)
        case .pico: return EARTHParameters(transceiverCount: 2, maxOutputPowerW: 0.13, noLoadPowerW: 6.8, loadSlope: 4.0, sleepPowerW: 4.3)
        case .femto: return EARTHParameters(transceiverCount: 2, maxOutputPowerW: 0.05, noLoadPowerW: 4.8, loadSlope: 8.0, sleepPowerW: 2.9)
        }
    }
}
