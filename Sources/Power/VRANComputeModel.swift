/// The load a vDU processes in one slot.
public struct VDUSlotLoad: Sendable, Equatable, Codable {
    /// PRBs scheduled in the slot (up to 273, TS 38.101-1 Table 5.3.2-1).
    public var prbs: Int
    /// MIMO layers.
    public var layers: Int
    /// Spectral efficiency in bits per resource element: modulation order Q_m times code rate R
    /// (TS 38.214 Table 5.1.3.1-1/-2; e.g. 256QAM at R = 948/1024 gives 7.41).
    public var bitsPerRE: Double
    /// UEs scheduled in the slot.
    public var scheduledUEs: Int

    /// Creates a slot load.
    /// - Parameters:
    ///   - prbs: PRBs, >= 0.
    ///   - layers: layers, >= 1.
    ///   - bitsPerRE: Q_m * R, >= 0.
    ///   - scheduledUEs: UEs, >= 0.
    public init(prbs: Int, layers: Int = 1, bitsPerRE: Double, scheduledUEs: Int) {
        precondition(prbs >= 0 && layers >= 1 && bitsPerRE >= 0 && scheduledUEs >= 0, "slot load out of range")
        self.prbs = prbs
        self.layers = layers
        self.bitsPerRE = bitsPerRE
        self.scheduledUEs = scheduledUEs
    }

    /// An empty slot.
    public static let idle = VDUSlotLoad(prbs: 0, layers: 1, bitsPerRE: 0, scheduledUEs: 0)
}

/// Processing time of a vDU (high-PHY + MAC) per slot and of a vCU per packet.
///
/// Form of the model, from published profiling of software base stations: processing time grows
/// linearly with PRBs and, for a given PRB count, linearly with MCS, and scales with 1 / CPU
/// frequency; channel decoding (turbo/LDPC) dominates and grows with the transport-block size
/// (Nikaein, "Processing Radio Access Network Functions in the Cloud: Critical Issues and
/// Modeling", ACM MCS 2015, on OpenAirInterface; Khedher et al., "Processing Time Evaluation and
/// Prediction in Cloud-RAN", IEEE ICC 2019). Hence, on one core at nominal clock:
///
///     W_1 = a_0 + PRBs * layers * (a_RE + a_bit * bitsPerRE) + a_UE * UEs          (us)
///
/// The PRB-layer term splits into a part per resource (FFT, channel estimation, demapping) and a
/// part per coded bit (LDPC), since PRBs * layers * bitsPerRE is proportional to the TBS
/// (TS 38.214 clause 5.1.3.2). On n cores with serial fraction s (Amdahl's law) and DVFS scale f:
///
///     t_slot = W_1 * (s + (1 - s) / n) / f
///
/// The coefficients of the presets are assumptions of the right order for x86 software RAN, not
/// measurements; calibrate them per vendor profile from its own profiling.
public struct VRANComputeModel: Sendable, Equatable, Codable {
    /// a_0: fixed work per slot, us.
    public var baseUs: Double
    /// a_RE: work per PRB per layer, us.
    public var perPRBLayerUs: Double
    /// a_bit: work per PRB per layer per bit/RE (channel coding), us.
    public var perPRBLayerBitUs: Double
    /// a_UE: work per scheduled UE, us.
    public var perUEUs: Double
    /// Amdahl serial fraction s in [0, 1].
    public var serialFraction: Double
    /// vCU fixed work per packet (PDCP, GTP-U), us.
    public var vcuPerPacketUs: Double
    /// vCU work per byte (ciphering, integrity, copying), us.
    public var vcuPerByteUs: Double

    /// Creates a compute model.
    /// - Parameters:
    ///   - baseUs: a_0, >= 0.
    ///   - perPRBLayerUs: a_RE, >= 0.
    ///   - perPRBLayerBitUs: a_bit, >= 0.
    ///   - perUEUs: a_UE, >= 0.
    ///   - serialFraction: s in [0, 1].
    ///   - vcuPerPacketUs: vCU per packet, >= 0.
    ///   - vcuPerByteUs: vCU per byte, >= 0.
    public init(baseUs: Double, perPRBLayerUs: Double, perPRBLayerBitUs: Double, perUEUs: Double, serialFraction: Double,
                vcuPerPacketUs: Double = 2, vcuPerByteUs: Double = 0.002) {
        precondition(baseUs >= 0 && perPRBLayerUs >= 0 && perPRBLayerBitUs >= 0 && perUEUs >= 0
                     && serialFraction >= 0 && serialFraction <= 1 && vcuPerPacketUs >= 0 && vcuPerByteUs >= 0,
                     "compute coefficients out of range")
        self.baseUs = baseUs
        self.perPRBLayerUs = perPRBLayerUs
        self.perPRBLayerBitUs = perPRBLayerBitUs
        self.perUEUs = perUEUs
        self.serialFraction = serialFraction
        self.vcuPerPacketUs = vcuPerPacketUs
        self.vcuPerByteUs = vcuPerByteUs
    }

    /// Software LDPC on general-purpose cores (assumption): a 273-PRB, 4-layer, 256QAM slot costs
    /// about 2.5 ms of single-core work, of which LDPC is about 80 %.
    public static let softwareLDPC = VRANComputeModel(baseUs: 50, perPRBLayerUs: 0.3, perPRBLayerBitUs: 0.25, perUEUs: 5, serialFraction: 0.05)

    /// LDPC offloaded to a look-aside accelerator (assumption): the per-bit term drops tenfold,
    /// the rest stays on the cores.
    public static let acceleratedLDPC = VRANComputeModel(baseUs: 50, perPRBLayerUs: 0.3, perPRBLayerBitUs: 0.025, perUEUs: 5, serialFraction: 0.08)

    /// The same model on hardware `factor` times slower (> 1) or faster (< 1): every work term scales.
    /// - Parameter factor: multiplier on processing times, > 0.
    public func scaled(by factor: Double) -> VRANComputeModel {
        precondition(factor > 0, "compute scale must be > 0")
        return VRANComputeModel(baseUs: baseUs * factor, perPRBLayerUs: perPRBLayerUs * factor, perPRBLayerBitUs: perPRBLayerBitUs * factor,
                                perUEUs: perUEUs * factor, serialFraction: serialFraction,
                                vcuPerPacketUs: vcuPerPacketUs * factor, vcuPerByteUs: vcuPerByteUs * factor)
    }

    /// Amdahl's law: speed-up on n cores with serial fraction s, 1 / (s + (1 - s) / n).
    /// - Parameters:
    ///   - cores: n >= 1.
    ///   - serialFraction: s in [0, 1].
    /// - Returns: the speed-up, in [1, n].
    public static func amdahlSpeedup(cores: Int, serialFraction: Double) -> Double {
        precondition(cores >= 1, "at least one core")
        return 1 / (serialFraction + (1 - serialFraction) / Double(cores))
    }

    /// Work of a slot on one core at nominal clock, W_1, us.
    /// - Parameter load: the slot's load.
    public func singleCoreWorkUs(_ load: VDUSlotLoad) -> Double {
        baseUs + Double(load.prbs * load.layers) * (perPRBLayerUs + perPRBLayerBitUs * load.bitsPerRE) + perUEUs * Double(load.scheduledUEs)
    }

    /// Processing time of a slot, us.
    /// - Parameters:
    ///   - load: the slot's load.
    ///   - cores: cores allocated, >= 1.
    ///   - frequencyScale: DVFS scale f in (0, 1]; time scales with 1 / f.
    /// - Returns: t_slot, us.
    public func slotProcessingUs(_ load: VDUSlotLoad, cores: Int, frequencyScale: Double = 1) -> Double {
        precondition(frequencyScale > 0, "frequency scale must be > 0")
        return singleCoreWorkUs(load) / Self.amdahlSpeedup(cores: cores, serialFraction: serialFraction) / frequencyScale
    }

    /// Whether a slot's processing overruns its deadline. The deadline is the slot duration: a vDU
    /// that needs longer than a slot per slot falls behind and its backlog grows without bound.
    /// - Parameters:
    ///   - slotDurationUs: slot duration (1000 / 2^mu us), the deadline.
    ///   - load: the slot's load.
    ///   - cores: cores allocated, >= 1.
    ///   - frequencyScale: DVFS scale.
    /// - Returns: true when t_slot > slotDurationUs.
    public func deadlineMissed(slotDurationUs: Double, load: VDUSlotLoad, cores: Int, frequencyScale: Double = 1) -> Bool {
        slotProcessingUs(load, cores: cores, frequencyScale: frequencyScale) > slotDurationUs
    }

    /// The fewest cores that finish a slot within the deadline with a safety margin,
    /// t_slot * (1 + margin) <= deadline.
    /// - Parameters:
    ///   - load: the expected slot load.
    ///   - deadlineUs: deadline, us (usually the slot duration).
    ///   - marginFraction: headroom, e.g. 0.2 for 20 %, >= 0.
    ///   - maxCores: largest allocation considered.
    ///   - frequencyScale: DVFS scale.
    /// - Returns: the minimal core count, or nil when even `maxCores` cores (or the serial part
    ///   alone) miss the deadline.
    public func coresNeeded(for load: VDUSlotLoad, deadlineUs: Double, marginFraction: Double = 0, maxCores: Int = 256,
                            frequencyScale: Double = 1) -> Int? {
        precondition(marginFraction >= 0 && maxCores >= 1, "margin must be >= 0 and maxCores >= 1")
        let budgetUs = deadlineUs / (1 + marginFraction)
        // t(n) decreases with n, so the first n that fits is the minimum.
        return (1...maxCores).first { slotProcessingUs(load, cores: $0, frequencyScale: frequencyScale) <= budgetUs }
    }

    /// The fewest cores that process `workPerSlotUs` of single-core vCU work within each slot with a
    /// safety margin (Amdahl's law with the model's serial fraction).
    /// - Parameters:
    ///   - workPerSlotUs: expected single-core work per slot, us, >= 0.
    ///   - slotDurationUs: slot duration, us.
    ///   - marginFraction: headroom, >= 0.
    ///   - maxCores: largest allocation considered.
    /// - Returns: the minimal core count, or nil when `maxCores` cores are not enough.
    public func vcuCoresNeeded(workPerSlotUs: Double, slotDurationUs: Double, marginFraction: Double = 0, maxCores: Int = 256) -> Int? {
        precondition(workPerSlotUs >= 0 && slotDurationUs > 0 && marginFraction >= 0 && maxCores >= 1, "vCU sizing out of range")
        let budgetUs = slotDurationUs / (1 + marginFraction)
        return (1...maxCores).first { workPerSlotUs / Self.amdahlSpeedup(cores: $0, serialFraction: serialFraction) <= budgetUs }
    }

    /// vCU processing time for a batch of packets on one core, us: b_pkt * packets + b_byte * bytes.
    /// - Parameters:
    ///   - packets: packets processed.
    ///   - bytes: bytes processed.
    ///   - frequencyScale: DVFS scale.
    public func vcuProcessingUs(packets: Int, bytes: Int, frequencyScale: Double = 1) -> Double {
        precondition(frequencyScale > 0, "frequency scale must be > 0")
        return (vcuPerPacketUs * Double(packets) + vcuPerByteUs * Double(bytes)) / frequencyScale
    }
}
