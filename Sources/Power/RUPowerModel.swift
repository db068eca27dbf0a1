/// Power state of a radio unit.
public enum RUPowerState: Sendable, Equatable, Hashable, Codable {
    /// Transmitting or ready to transmit; power follows the load.
    case active
    /// Switching components off on the way into a sleep mode; cannot transmit.
    case enteringSleep(RUSleepDepth)
    /// Asleep in a sleep mode; cannot transmit.
    case sleep(RUSleepDepth)
    /// Waking up; cannot transmit.
    case wakingUp

    /// Whether the RU can radiate in this state.
    public var canTransmit: Bool { self == .active }
}

/// Load-dependent input power of a radio unit: the EARTH model (Auer et al. 2011, eq. 1)
///
///     P_in = N_TRX * (P_0 + Delta_p * P_out)   for 0 < P_out <= P_max
///     P_in = N_TRX * P_sleep                    for P_out = 0
///
/// with P_out = P_max * load, load the PRB utilisation in [0, 1], plus the sleep modes of
/// ``RUSleepModeTable``.
///
/// EARTH's own second line assumes the site sleeps whenever it radiates nothing. Here sleeping is an
/// explicit state chosen by a policy, so an `.active` RU with no PRB in use draws the no-load power
/// N_TRX * P_0 (the limit of the first line); ``earthInputPowerW(outputPowerW:)`` keeps the
/// published two-line form.
public struct RUPowerModel: Sendable, Equatable, Codable {
    /// EARTH parameters.
    public var earth: EARTHParameters
    /// Sleep modes.
    public var sleepModes: RUSleepModeTable
    /// Power while a transition (deactivation or wake-up) is under way, as a fraction of the
    /// no-load power. Assumption: 1 (Onireti et al., PIMRC 2017, report activation above the
    /// no-load power, so this is slightly optimistic).
    public var transitionPowerFractionOfNoLoad: Double

    /// Creates a model.
    /// - Parameters:
    ///   - earth: EARTH parameters.
    ///   - sleepModes: sleep-mode table.
    ///   - transitionPowerFractionOfNoLoad: power during transitions relative to N_TRX * P_0.
    public init(earth: EARTHParameters, sleepModes: RUSleepModeTable = .default, transitionPowerFractionOfNoLoad: Double = 1) {
        precondition(transitionPowerFractionOfNoLoad >= 0, "transition power must be >= 0")
        self.earth = earth
        self.sleepModes = sleepModes
        self.transitionPowerFractionOfNoLoad = transitionPowerFractionOfNoLoad
    }

    /// Creates a model with the published EARTH parameters of a base-station class.
    /// - Parameter type: the class.
    public init(type: BaseStationType) {
        self.init(earth: .published(type))
    }

    /// RF output power per TRX at a PRB load: P_out = P_max * load.
    /// - Parameter load: PRB utilisation, clamped to [0, 1].
    /// - Returns: P_out, W.
    public func outputPowerW(load: Double) -> Double {
        earth.maxOutputPowerW * min(max(load, 0), 1)
    }

    /// No-load site power N_TRX * P_0, W.
    public var noLoadPowerW: Double { Double(earth.transceiverCount) * earth.noLoadPowerW }

    /// Full-load site power N_TRX * (P_0 + Delta_p * P_max), W.
    public var fullLoadPowerW: Double { Double(earth.transceiverCount) * (earth.noLoadPowerW + earth.loadSlope * earth.maxOutputPowerW) }

    /// The published EARTH equation (Auer et al. 2011, eq. 1), including its sleep branch.
    /// - Parameter outputPowerW: P_out per TRX, clamped to [0, P_max].
    /// - Returns: site input power, W.
    public func earthInputPowerW(outputPowerW: Double) -> Double {
        let pOut = min(max(outputPowerW, 0), earth.maxOutputPowerW)
        let n = Double(earth.transceiverCount)
        return pOut > 0 ? n * (earth.noLoadPowerW + earth.loadSlope * pOut) : n * earth.sleepPowerW
    }

    /// Site power while asleep in a mode, W.
    /// - Parameter depth: the sleep mode.
    public func sleepPowerW(_ depth: RUSleepDepth) -> Double {
        switch sleepModes[depth].power {
        case .earthSleep: return Double(earth.transceiverCount) * earth.sleepPowerW
        case .fractionOfNoLoad(let f): return f * noLoadPowerW
        case .absoluteW(let w): return w
        }
    }

    /// Site input power in a state.
    /// - Parameters:
    ///   - load: PRB utilisation in [0, 1]; used only when `.active`.
    ///   - state: the power state.
    /// - Returns: input power, W.
    public func inputPowerW(load: Double, state: RUPowerState) -> Double {
        switch state {
        case .active:
            return Double(earth.transceiverCount) * (earth.noLoadPowerW + earth.loadSlope * outputPowerW(load: load))
        case .sleep(let depth):
            return sleepPowerW(depth)
        case .enteringSleep, .wakingUp:
            return transitionPowerFractionOfNoLoad * noLoadPowerW
        }
    }

    /// The deepest sleep mode whose minimum duration fits an idle gap.
    /// - Parameter idleDurationUs: expected time without traffic, us.
    /// - Returns: the mode, or nil when even SM1 does not fit.
    public func deepestSleep(forIdleDurationUs idleDurationUs: Double) -> RUSleepDepth? {
        RUSleepDepth.allCases.reversed().first { sleepModes[$0].minimumDurationUs <= idleDurationUs }
    }
}
