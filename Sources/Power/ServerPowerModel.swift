import Foundation

/// Power state of an O-Cloud server.
public enum ServerPowerState: String, Sendable, Codable, CaseIterable {
    /// Running; power follows utilisation.
    case on
    /// Booting after a switch-on request; cannot host work. Draws the idle power (assumption).
    case switchingOn
    /// Suspended or soft-off with the baseboard controller alive.
    case standby
    /// Disconnected; 0 W.
    case off

    /// Whether the server can run workloads.
    public var canHostWork: Bool { self == .on }
}

/// Power of an O-Cloud server as a function of CPU utilisation and clock frequency.
///
/// Utilisation model (Fan, Weber, Barroso, "Power provisioning for a warehouse-sized computer",
/// ISCA 2007, which found power close to linear in CPU utilisation between idle and full load):
///
///     P(u) = P_idle + (P_full - P_idle) * u^r            r = 1: linear (default)
///
/// DVFS: with frequency scale f in [f_min, 1] and supply voltage scaled with f, the dynamic
/// (load-dependent) part follows P_dyn = C * V^2 * f, i.e. f^3 (`frequencyExponent` = 3):
///
///     P(u, f) = P_idle + (P_full - P_idle) * u^r * f^alpha
///
/// where u is the utilisation *at frequency f*: work that keeps the cores busy a fraction u1 at
/// full clock keeps them busy u1 / f at scale f (processing time scales with 1/f).
public struct ServerPowerModel: Sendable, Equatable, Codable {
    /// CPU cores available to workloads.
    public var cores: Int
    /// Power when on and idle, W.
    public var idlePowerW: Double
    /// Power when on and fully utilised at nominal frequency, W.
    public var fullLoadPowerW: Double
    /// Exponent r of utilisation; 1 is linear.
    public var utilisationExponent: Double
    /// Power in ``ServerPowerState/standby``, W.
    public var standbyPowerW: Double
    /// Power in ``ServerPowerState/off``, W.
    public var offPowerW: Double
    /// Time from a switch-on request until the server can host work, s.
    public var switchOnTimeS: Double
    /// Lowest DVFS frequency scale f_min in (0, 1].
    public var minFrequencyScale: Double
    /// Exponent alpha of the frequency scale in the dynamic power (3 for V proportional to f).
    public var frequencyExponent: Double

    /// Creates a server model.
    /// - Parameters:
    ///   - cores: cores for workloads, >= 1.
    ///   - idlePowerW: P_idle, >= 0.
    ///   - fullLoadPowerW: P_full, >= P_idle.
    ///   - utilisationExponent: r > 0.
    ///   - standbyPowerW: standby power, >= 0.
    ///   - offPowerW: off power, >= 0.
    ///   - switchOnTimeS: boot time, >= 0.
    ///   - minFrequencyScale: f_min in (0, 1].
    ///   - frequencyExponent: alpha >= 0.
    public init(cores: Int, idlePowerW: Double, fullLoadPowerW: Double, utilisationExponent: Double = 1,
                standbyPowerW: Double = 10, offPowerW: Double = 0, switchOnTimeS: Double = 120,
                minFrequencyScale: Double = 0.5, frequencyExponent: Double = 3) {
        precondition(cores >= 1 && idlePowerW >= 0 && fullLoadPowerW >= idlePowerW && utilisationExponent > 0
                     && standbyPowerW >= 0 && offPowerW >= 0 && switchOnTimeS >= 0
                     && minFrequencyScale > 0 && minFrequencyScale <= 1 && frequencyExponent >= 0,
                     "server power parameters out of range")
        self.cores = cores
        self.idlePowerW = idlePowerW
        self.fullLoadPowerW = fullLoadPowerW
        self.utilisationExponent = utilisationExponent
        self.standbyPowerW = standbyPowerW
        self.offPowerW = offPowerW
        self.switchOnTimeS = switchOnTimeS
        self.minFrequencyScale = minFrequencyScale
        self.frequencyExponent = frequencyExponent
    }

    /// A two-socket x86 server: 32 workload cores, 120 W idle, 400 W at full load, 10 W standby,
    /// 120 s to boot, f_min = 0.5. Assumption within the range of published two-socket
    /// SPECpower_ssj2008 results (roughly 50-150 W idle, 300-450 W at 100 %); not one vendor's data.
    public static let twoSocketDefault = ServerPowerModel(cores: 32, idlePowerW: 120, fullLoadPowerW: 400)

    /// Clamps a frequency scale to [f_min, 1].
    /// - Parameter frequencyScale: requested scale.
    /// - Returns: the scale the server can run at.
    public func clampedFrequencyScale(_ frequencyScale: Double) -> Double {
        min(max(frequencyScale, minFrequencyScale), 1)
    }

    /// Processing-time multiplier at a frequency scale: 1 / f.
    /// - Parameter frequencyScale: f, clamped to [f_min, 1].
    public func processingTimeScale(frequencyScale: Double) -> Double {
        1 / clampedFrequencyScale(frequencyScale)
    }

    /// Utilisation at a reduced clock of work that takes `nominalUtilisation` at full clock:
    /// min(1, u1 / f).
    /// - Parameters:
    ///   - nominalUtilisation: busy fraction at f = 1.
    ///   - frequencyScale: f, clamped to [f_min, 1].
    public func utilisation(nominalUtilisation: Double, frequencyScale: Double) -> Double {
        min(max(nominalUtilisation, 0) / clampedFrequencyScale(frequencyScale), 1)
    }

    /// Input power.
    /// - Parameters:
    ///   - utilisation: busy fraction of the cores at the running frequency, clamped to [0, 1].
    ///   - frequencyScale: DVFS scale f, clamped to [f_min, 1].
    ///   - state: power state; utilisation and frequency matter only when `.on`.
    /// - Returns: power, W.
    public func powerW(utilisation: Double, frequencyScale: Double = 1, state: ServerPowerState = .on) -> Double {
        switch state {
        case .off: return offPowerW
        case .standby: return standbyPowerW
        case .switchingOn: return idlePowerW
        case .on:
            let u = min(max(utilisation, 0), 1)
            let f = clampedFrequencyScale(frequencyScale)
            return idlePowerW + (fullLoadPowerW - idlePowerW) * pow(u, utilisationExponent) * pow(f, frequencyExponent)
        }
    }
}
