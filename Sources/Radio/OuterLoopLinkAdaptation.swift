/// Outer-loop link adaptation (OLLA): a SINR offset learnt from HARQ feedback so that
/// the first-transmission BLER converges to a target despite CQI errors and delays.
///
/// Each NACK lowers the offset by `stepDownDb`; each ACK raises it by
/// `stepDownDb * target / (1 - target)`. In steady state the drifts balance, which
/// happens exactly when NACKs are a fraction `target` of the feedback.
public struct OuterLoopLinkAdaptation: Sendable, Hashable, Codable {
    /// The first-transmission BLER to converge to, in (0, 1).
    public let targetBLER: Double
    /// Offset decrease on a NACK in dB (> 0).
    public let stepDownDb: Double
    /// Lowest allowed offset in dB.
    public let minOffsetDb: Double
    /// Highest allowed offset in dB.
    public let maxOffsetDb: Double
    /// The current SINR offset in dB added to the reported or estimated SINR.
    public private(set) var offsetDb: Double

    /// - Parameters:
    ///   - targetBLER: Target BLER (default 0.1).
    ///   - stepDownDb: Step on NACK (default 0.5 dB; the ACK step follows from the target).
    ///   - minOffsetDb: Clamp floor (default -10 dB).
    ///   - maxOffsetDb: Clamp ceiling (default +10 dB).
    ///   - initialOffsetDb: Starting offset (default 0 dB).
    public init(targetBLER: Double = 0.1, stepDownDb: Double = 0.5, minOffsetDb: Double = -10,
                maxOffsetDb: Double = 10, initialOffsetDb: Double = 0) {
        precondition(targetBLER > 0 && targetBLER < 1, "target BLER must be in (0, 1)")
        precondition(stepDownDb > 0 && minOffsetDb <= maxOffsetDb, "invalid OLLA steps or range")
        self.targetBLER = targetBLER
        self.stepDownDb = stepDownDb
        self.minOffsetDb = minOffsetDb
        self.maxOffsetDb = maxOffsetDb
        self.offsetDb = min(max(initialOffsetDb, minOffsetDb), maxOffsetDb)
    }

    /// Offset increase on an ACK in dB.
    public var stepUpDb: Double { stepDownDb * targetBLER / (1 - targetBLER) }

    /// Applies one HARQ feedback of a first transmission.
    /// - Parameter ack: `true` for ACK, `false` for NACK.
    public mutating func update(ack: Bool) {
        let next = ack ? offsetDb + stepUpDb : offsetDb - stepDownDb
        offsetDb = min(max(next, minOffsetDb), maxOffsetDb)
    }

    /// The MCS for an estimated SINR, after applying the offset.
    /// - Parameters:
    ///   - sinrDb: Estimated SINR in dB.
    ///   - table: MCS table.
    ///   - model: The BLER model whose 10% points define each MCS's requirement.
    /// - Returns: The largest MCS whose 10%-BLER SINR is met, or 0.
    public func selectMCS(sinrDb: Double, table: MCSTable, model: BLERModel = BLERModel()) -> Int {
        Self.mcs(sinrDb: sinrDb + offsetDb, table: table, model: model)
    }

    /// The MCS for a reported CQI, after applying the offset: the CQI is read as the SINR
    /// of its threshold (the lower edge of its bin), shifted by the offset, then mapped.
    /// With a zero offset this equals ``CQITable/mcs(forCQI:table:mcsTable:)``.
    /// - Parameters:
    ///   - cqi: Reported CQI 0...15 (0 gives MCS 0).
    ///   - cqiTable: The CQI table of the report.
    ///   - mcsTable: The MCS table in use.
    ///   - model: The BLER model.
    /// - Returns: An MCS index.
    public func selectMCS(cqi: Int, cqiTable: CQITable, mcsTable: MCSTable, model: BLERModel = BLERModel()) -> Int {
        guard cqi >= 1 else { return 0 }
        return selectMCS(sinrDb: cqiTable.thresholdDb(cqi: cqi, curve: model.curve), table: mcsTable, model: model)
    }

    /// The largest MCS whose 10%-BLER SINR does not exceed `sinrDb` (inner-loop selection).
    /// - Returns: An MCS index, 0 when even MCS 0 is not met.
    public static func mcs(sinrDb: Double, table: MCSTable, model: BLERModel = BLERModel()) -> Int {
        var best = 0
        for mcs in 0...table.maxMCS where model.requiredSINRDb(mcs: mcs, table: table) <= sinrDb {
            best = mcs
        }
        return best
    }
}
