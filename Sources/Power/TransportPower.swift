import Foundation

/// Power of a fronthaul or transport link: active ports plus a load-proportional part.
///
///     P = ports * P_port + W_per_Gbps * throughput,   ports = max(1, ceil(throughput / port capacity))
///
/// Defaults are assumptions: a 10 Gbit/s port costs 3.5 W (two SFP+ optics at the SFF-8431
/// power level I limit of 1 W each, plus about 1.5 W of switch-port share) and 0.1 W per Gbit/s
/// carried.
public struct FronthaulPowerModel: Sendable, Equatable, Codable {
    /// Power per active port, both ends and the switch share, W.
    public var portPowerW: Double
    /// Capacity of one port, Gbit/s.
    public var portCapacityGbps: Double
    /// Load-proportional power, W per Gbit/s.
    public var powerPerGbpsW: Double

    /// Creates a link model.
    /// - Parameters:
    ///   - portPowerW: W per active port, >= 0.
    ///   - portCapacityGbps: port capacity, > 0.
    ///   - powerPerGbpsW: W per Gbit/s, >= 0.
    public init(portPowerW: Double = 3.5, portCapacityGbps: Double = 10, powerPerGbpsW: Double = 0.1) {
        precondition(portPowerW >= 0 && portCapacityGbps > 0 && powerPerGbpsW >= 0, "fronthaul parameters out of range")
        self.portPowerW = portPowerW
        self.portCapacityGbps = portCapacityGbps
        self.powerPerGbpsW = powerPerGbpsW
    }

    /// Ports needed to carry a throughput (at least one: a link that exists stays lit).
    /// - Parameter throughputGbps: offered throughput, Gbit/s.
    public func portsNeeded(throughputGbps: Double) -> Int {
        max(1, Int((max(throughputGbps, 0) / portCapacityGbps).rounded(.up)))
    }

    /// Link power, W.
    /// - Parameter throughputGbps: carried throughput, Gbit/s.
    public func powerW(throughputGbps: Double) -> Double {
        Double(portsNeeded(throughputGbps: throughputGbps)) * portPowerW + powerPerGbpsW * max(throughputGbps, 0)
    }
}

/// The IQ bit rate of an O-RAN split 7.2x fronthaul (O-RAN.WG4.CUS): each PRB of each OFDM
/// symbol carries 12 complex samples of `iqBitWidth` bits per I and Q, plus one 8-bit exponent
/// (udCompParam) when block-floating-point compressed.
public enum FronthaulIQRate {
    /// Gbit/s for a mean number of PRBs per slot.
    /// - Parameters:
    ///   - prbsPerSlot: PRBs carried per slot (DL and UL added), >= 0.
    ///   - iqBitWidth: bits per I or Q sample: 16 uncompressed, 8-14 with BFP.
    ///   - compressed: whether each PRB carries an exponent byte.
    ///   - slotDurationUs: slot duration, us.
    ///   - symbolsPerSlot: OFDM symbols per slot (14, normal cyclic prefix).
    ///   - layers: spatial layers.
    public static func gbps(prbsPerSlot: Double, iqBitWidth: Int, compressed: Bool, slotDurationUs: Double,
                            symbolsPerSlot: Int = 14, layers: Int = 1) -> Double {
        precondition(prbsPerSlot >= 0 && iqBitWidth > 0 && slotDurationUs > 0 && symbolsPerSlot > 0 && layers >= 1, "IQ rate out of range")
        let bitsPerPRBSymbol = Double(12 * 2 * iqBitWidth + (compressed ? 8 : 0))
        return prbsPerSlot * Double(symbolsPerSlot * layers) * bitsPerPRBSymbol / (slotDurationUs * 1e3)
    }
}

/// Satellite or HAPS payload architecture (TR 38.821 clause 4.2).
public enum NTNPayloadKind: String, Sendable, Codable, CaseIterable {
    /// Bent pipe: frequency conversion and amplification only.
    case transparent
    /// gNB (or gNB-DU) on board: adds on-board processing.
    case regenerative
}

/// Power drawn by an NTN payload, EARTH-like in the service-link load:
///
///     P = P_fixed + P_RF,max * load + (regenerative ? P_OBP : 0)
///
/// All defaults are assumptions (no public per-payload breakdown was used): 150 W of fixed
/// electronics (LNAs, converters, control), 400 W of RF amplification at full load, 200 W of
/// on-board processing for a regenerative payload.
public struct NTNPayloadPowerModel: Sendable, Equatable, Codable {
    /// Payload architecture.
    public var kind: NTNPayloadKind
    /// Fixed payload power, W.
    public var fixedPowerW: Double
    /// RF amplifier power at full load, W.
    public var rfFullLoadPowerW: Double
    /// On-board processing power (regenerative only), W.
    public var onboardProcessingPowerW: Double

    /// Creates a payload model.
    /// - Parameters:
    ///   - kind: transparent or regenerative.
    ///   - fixedPowerW: fixed power, >= 0.
    ///   - rfFullLoadPowerW: RF power at full load, >= 0.
    ///   - onboardProcessingPowerW: processing power, >= 0; ignored when transparent.
    public init(kind: NTNPayloadKind, fixedPowerW: Double = 150, rfFullLoadPowerW: Double = 400, onboardProcessingPowerW: Double = 200) {
        precondition(fixedPowerW >= 0 && rfFullLoadPowerW >= 0 && onboardProcessingPowerW >= 0, "payload parameters out of range")
        self.kind = kind
        self.fixedPowerW = fixedPowerW
        self.rfFullLoadPowerW = rfFullLoadPowerW
        self.onboardProcessingPowerW = onboardProcessingPowerW
    }

    /// Payload power, W.
    /// - Parameter load: service-link PRB utilisation, clamped to [0, 1].
    public func powerW(load: Double) -> Double {
        let processing = kind == .regenerative ? onboardProcessingPowerW : 0
        return fixedPowerW + rfFullLoadPowerW * min(max(load, 0), 1) + processing
    }
}
