/// The 3GPP frequency range of a carrier (TS 38.104 clause 5.1).
public enum FrequencyRange: String, Sendable, CaseIterable, Codable {
    /// FR1: 410 MHz to 7.125 GHz.
    case fr1
    /// FR2: 24.25 GHz to 52.6 GHz (FR2-1).
    case fr2
}

/// The NR numerology mu (TS 38.211 clause 4.2): subcarrier spacing 15 * 2^mu kHz,
/// 14 OFDM symbols per slot (normal cyclic prefix), 2^mu slots per 1 ms subframe.
public struct Numerology: Sendable, Hashable, Codable {
    /// OFDM symbols per slot with the normal cyclic prefix (TS 38.211 Table 4.3.2-1).
    public static let symbolsPerSlot = 14
    /// Subcarriers per resource block (TS 38.211 clause 4.4.4.1).
    public static let subcarriersPerPRB = 12

    /// The numerology index, 0...3 (15, 30, 60 and 120 kHz).
    public let mu: Int

    /// Creates a numerology.
    /// - Parameter mu: 0...3; other values are a programmer error (use ``init(validating:)``
    ///   for operator input).
    public init(mu: Int) {
        precondition((0...3).contains(mu), "numerology mu must be 0...3, got \(mu)")
        self.mu = mu
    }

    /// Creates a numerology from operator input.
    /// - Parameter mu: The numerology index.
    /// - Throws: ``RadioConfigurationError`` when `mu` is not in 0...3.
    public init(validating mu: Int) throws {
        guard (0...3).contains(mu) else {
            throw RadioConfigurationError("numerology mu must be 0, 1, 2 or 3 (15/30/60/120 kHz), got \(mu)")
        }
        self.mu = mu
    }

    /// Subcarrier spacing in kHz: 15 * 2^mu.
    public var subcarrierSpacingKHz: Int { 15 << mu }
    /// Subcarrier spacing in Hz.
    public var subcarrierSpacingHz: Double { Double(subcarrierSpacingKHz) * 1_000 }
    /// Slots per 1 ms subframe: 2^mu.
    public var slotsPerSubframe: Int { 1 << mu }
    /// Slots per 10 ms frame: 10 * 2^mu.
    public var slotsPerFrame: Int { 10 << mu }
    /// Slots per second: 1000 * 2^mu.
    public var slotsPerSecond: Int { 1_000 << mu }
    /// Slot duration in microseconds: 1000 / 2^mu.
    public var slotDurationUs: Double { 1_000.0 / Double(slotsPerSubframe) }
    /// Bandwidth of one PRB in Hz (12 subcarriers).
    public var prbBandwidthHz: Double { Double(Self.subcarriersPerPRB) * subcarrierSpacingHz }

    /// The maximum transmission bandwidth configuration N_RB for a channel bandwidth.
    ///
    /// FR1 values from TS 38.101-1 Table 5.3.2-1, FR2 values from TS 38.101-2
    /// Table 5.3.2-1.
    /// - Parameters:
    ///   - bandwidthMHz: The channel bandwidth in MHz.
    ///   - mu: The numerology (0...3).
    ///   - frequencyRange: FR1 or FR2.
    /// - Returns: The number of PRBs, or `nil` when the combination is not defined.
    public static func maxPRBs(bandwidthMHz: Int, mu: Int, frequencyRange: FrequencyRange) -> Int? {
        let table: [Int: [Int: Int]]
        switch frequencyRange {
        case .fr1: table = fr1MaxPRBs
        case .fr2: table = fr2MaxPRBs
        }
        return table[mu]?[bandwidthMHz]
    }

    /// Channel bandwidths (MHz) defined for a numerology in a frequency range, ascending.
    public static func supportedBandwidthsMHz(mu: Int, frequencyRange: FrequencyRange) -> [Int] {
        let table = frequencyRange == .fr1 ? fr1MaxPRBs : fr2MaxPRBs
        return (table[mu] ?? [:]).keys.sorted()
    }

    // TS 38.101-1 Table 5.3.2-1 (FR1): mu -> bandwidth MHz -> N_RB.
    private static let fr1MaxPRBs: [Int: [Int: Int]] = [
        0: [5: 25, 10: 52, 15: 79, 20: 106, 25: 133, 30: 160, 35: 188, 40: 216, 45: 242, 50: 270],
        1: [5: 11, 10: 24, 15: 38, 20: 51, 25: 65, 30: 78, 35: 92, 40: 106, 45: 119, 50: 133,
            60: 162, 70: 189, 80: 217, 90: 245, 100: 273],
        2: [10: 11, 15: 18, 20: 24, 25: 31, 30: 38, 35: 44, 40: 51, 45: 58, 50: 65,
            60: 79, 70: 93, 80: 107, 90: 121, 100: 135],
    ]

    // TS 38.101-2 Table 5.3.2-1 (FR2): mu -> bandwidth MHz -> N_RB.
    private static let fr2MaxPRBs: [Int: [Int: Int]] = [
        2: [50: 66, 100: 132, 200: 264],
        3: [50: 32, 100: 66, 200: 132, 400: 264],
    ]
}
