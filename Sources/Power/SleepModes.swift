/// Depth of an advanced sleep mode (ASM) of a radio unit, from the shallowest (one OFDM symbol)
/// to the deepest (about a second). Debaillie et al., "A Flexible and Future-Proof Power Model for
/// Cellular Base Stations", IEEE VTC Spring 2015; Salem et al., "Advanced Sleep Modes and Their
/// Impact on Flow-Level Performance of 5G Networks", IEEE VTC Fall 2017.
public enum RUSleepDepth: Int, Sendable, Codable, CaseIterable, Comparable {
    /// SM1: symbol-level sleep (PA and some analogue parts off), about one symbol.
    case sm1 = 1
    /// SM2: subframe-level sleep, about 1 ms.
    case sm2 = 2
    /// SM3: frame-level sleep, about 10 ms.
    case sm3 = 3
    /// SM4: standby, about 1 s; only the wake-up logic stays on.
    case sm4 = 4

    public static func < (lhs: RUSleepDepth, rhs: RUSleepDepth) -> Bool { lhs.rawValue < rhs.rawValue }
}

/// How much a sleeping RU draws.
public enum RUSleepPower: Sendable, Equatable, Codable {
    /// N_TRX * P_sleep of the EARTH parameters (Auer et al. 2011, eq. 1, P_out = 0).
    case earthSleep
    /// A fraction of the no-load power N_TRX * P_0.
    case fractionOfNoLoad(Double)
    /// A fixed site power, W.
    case absoluteW(Double)
}

/// One sleep mode: its power and timing. The minimum sleep duration includes the deactivation
/// and the activation (wake-up) transitions, as in the ASM literature.
public struct RUSleepMode: Sendable, Equatable, Codable {
    /// Depth of this mode.
    public var depth: RUSleepDepth
    /// Power drawn while asleep.
    public var power: RUSleepPower
    /// Shortest sleep worth entering, deactivation + sleep + activation, us.
    public var minimumDurationUs: Double
    /// Time to switch the components off, us; the RU cannot transmit meanwhile.
    public var deactivationUs: Double
    /// Wake-up time, us; the RU cannot transmit meanwhile.
    public var activationUs: Double

    /// Creates a sleep mode.
    /// - Parameters:
    ///   - depth: the mode.
    ///   - power: power while asleep.
    ///   - minimumDurationUs: minimum total sleep, >= deactivation + activation.
    ///   - deactivationUs: going-to-sleep time, >= 0.
    ///   - activationUs: wake-up time, >= 0.
    public init(depth: RUSleepDepth, power: RUSleepPower, minimumDurationUs: Double, deactivationUs: Double, activationUs: Double) {
        precondition(deactivationUs >= 0 && activationUs >= 0 && minimumDurationUs >= deactivationUs + activationUs,
                     "sleep-mode timing out of range")
        self.depth = depth
        self.power = power
        self.minimumDurationUs = minimumDurationUs
        self.deactivationUs = deactivationUs
        self.activationUs = activationUs
    }
}

/// The four sleep modes of a radio unit.
public struct RUSleepModeTable: Sendable, Equatable, Codable {
    public var sm1: RUSleepMode
    public var sm2: RUSleepMode
    public var sm3: RUSleepMode
    public var sm4: RUSleepMode

    /// Creates a table; each mode must carry its own depth.
    public init(sm1: RUSleepMode, sm2: RUSleepMode, sm3: RUSleepMode, sm4: RUSleepMode) {
        precondition(sm1.depth == .sm1 && sm2.depth == .sm2 && sm3.depth == .sm3 && sm4.depth == .sm4, "sleep-mode table out of order")
        self.sm1 = sm1
        self.sm2 = sm2
        self.sm3 = sm3
        self.sm4 = sm4
    }

    /// The mode of a given depth.
    public subscript(depth: RUSleepDepth) -> RUSleepMode {
        switch depth {
        case .sm1: return sm1
        case .sm2: return sm2
        case .sm3: return sm3
        case .sm4: return sm4
        }
    }

    /// Default table.
    ///
    /// Timing (Salem et al. 2017, after Debaillie et al. 2015): minimum durations of one OFDM
    /// symbol at 15 kHz (71.4 us; the papers round to 71 us), 1 ms, 10 ms and 1 s, with
    /// deactivation and activation each taking half of it.
    ///
    /// Power: SM1 is the EARTH sleep power N_TRX * P_sleep (EARTH's sleep is a short, DTX-like
    /// sleep). SM2 and SM3 are 14.3/109 = 0.131 and 9.51/109 = 0.0873 of the no-load power: the
    /// ratios of the per-mode powers to the idle power of the IMEC model configuration used in the
    /// ASM papers (109 W idle, 52.3 / 14.3 / 9.51 W for SM1/SM2/SM3). SM4 at 0.03 of the no-load
    /// power is an assumption (wake-up circuitry and clocks only).
    public static let `default` = RUSleepModeTable(
        sm1: RUSleepMode(depth: .sm1, power: .earthSleep, minimumDurationUs: 71.4, deactivationUs: 35.7, activationUs: 35.7),
        sm2: RUSleepMode(depth: .sm2, power: .fractionOfNoLoad(14.3 / 109), minimumDurationUs: 1_000, deactivationUs: 500, activationUs: 500),
        sm3: RUSleepMode(depth: .sm3, power: .fractionOfNoLoad(9.51 / 109), minimumDurationUs: 10_000, deactivationUs: 5_000, activationUs: 5_000),
        sm4: RUSleepMode(depth: .sm4, power: .fractionOfNoLoad(0.03), minimumDurationUs: 1_000_000, deactivationUs: 500_000, activationUs: 500_000)
    )
}
