/// Whether one period met the targets.
public struct PeriodAttainment: Sendable, Equatable, Codable {
    public var periodIndex: Int
    /// Worst p99 of each slice over its cells, ms.
    public var sliceP99Ms: [String: Double]
    /// p99 <= target, per slice with a target (every cell must meet it).
    public var sliceLatencyMet: [String: Bool]
    /// Throughput per slice over all cells, Mbit/s.
    public var sliceThroughputMbps: [String: Double]
    /// Throughput >= floor, per slice with a floor.
    public var throughputFloorMet: [String: Bool]
    /// Power reported by RUs and servers, W.
    public var powerW: Double
    /// powerW <= budget, when a budget is set.
    public var powerBudgetMet: Bool?
}

/// Target attainment over a run: per period and in total.
public struct TargetAttainment: Sendable, Equatable, Codable {
    public var periods: [PeriodAttainment]
    /// Fraction of (period, slice) pairs meeting the latency target, in [0, 1].
    public var latencyAttainment: Double
    /// Per slice, fraction of periods meeting its latency target.
    public var sliceLatencyAttainment: [String: Double]
    /// Worst period p99 per slice over the run, ms.
    public var sliceWorstP99Ms: [String: Double]
    /// Fraction of (period, slice) pairs meeting the throughput floor; nil without floors.
    public var throughputFloorAttainment: Double?
    /// Fraction of periods within the power budget; nil without a budget.
    public var powerBudgetAttainment: Double?
    /// Energy of RUs and servers, J.
    public var energyJ: Double
    /// Bits delivered (DL + UL).
    public var bits: Double
    /// Mean throughput over the run, Mbit/s.
    public var throughputMbps: Double
    /// bits / energyJ, or 0 without energy.
    public var bitsPerJoule: Double
    /// Energy saved against the baseline, percent; nil without a baseline.
    public var energySavingPercent: Double?
    /// Saving >= goal; nil without a goal or a baseline.
    public var energySavingMet: Bool?

    /// Evaluates a run.
    /// - Parameters:
    ///   - snapshots: the KPI snapshot of each period, in order.
    ///   - periodDurationS: length of a period, s.
    ///   - targets: the targets.
    ///   - baselineEnergyJ: the energy of the baseline run (e.g. static full provisioning).
    /// - Returns: the attainment.
    public static func evaluate(snapshots: [KPISnapshot], periodDurationS: Double, targets: OrchestrationTargets,
                                baselineEnergyJ: Double? = nil) -> TargetAttainment {
        precondition(periodDurationS > 0, "period duration must be > 0")
        var periods: [PeriodAttainment] = []
        var latencyMet = 0, latencyTotal = 0, floorMet = 0, floorTotal = 0, budgetMet = 0
        var sliceMet: [String: Int] = [:], sliceCount: [String: Int] = [:], worst: [String: Double] = [:]
        var energyJ = 0.0, bits = 0.0
        for s in snapshots {
            var p99: [String: Double] = [:], tput: [String: Double] = [:]
            for c in s.cells {
                for k in c.slices {
                    p99[k.sliceID] = max(p99[k.sliceID] ?? 0, k.latencyP99Ms)
                    tput[k.sliceID, default: 0] += k.throughputMbps
                }
            }
            var met: [String: Bool] = [:]
            for (slice, target) in targets.sliceLatencyP99Ms {
                guard let p = p99[slice] else { continue }
                met[slice] = p <= target
                latencyTotal += 1
                sliceCount[slice, default: 0] += 1
                if p <= target { latencyMet += 1; sliceMet[slice, default: 0] += 1 }
            }
            for (slice, p) in p99 { worst[slice] = max(worst[slice] ?? 0, p) }
            var floors: [String: Bool] = [:]
            for (slice, floor) in targets.sliceThroughputFloorMbps {
                let ok = (tput[slice] ?? 0) >= floor
                floors[slice] = ok
                floorTotal += 1
                if ok { floorMet += 1 }
            }
            let power = s.totalPowerW
            let budgetOK = targets.powerBudgetW.map { power <= $0 }
            if budgetOK == true { budgetMet += 1 }
            energyJ += power * periodDurationS
            bits += s.totalThroughputMbps * 1e6 * periodDurationS
            periods.append(PeriodAttainment(periodIndex: s.periodIndex, sliceP99Ms: p99, sliceLatencyMet: met, sliceThroughputMbps: tput,
                                            throughputFloorMet: floors, powerW: power, powerBudgetMet: budgetOK))
        }
        let n = Double(snapshots.count)
        let saving = baselineEnergyJ.flatMap { $0 > 0 ? 100 * ($0 - energyJ) / $0 : nil }
        return TargetAttainment(
            periods: periods,
            latencyAttainment: latencyTotal > 0 ? Double(latencyMet) / Double(latencyTotal) : 1,
            sliceLatencyAttainment: sliceCount.reduce(into: [:]) { acc, kv in acc[kv.key] = Double(sliceMet[kv.key] ?? 0) / Double(kv.value) },
            sliceWorstP99Ms: worst,
            throughputFloorAttainment: floorTotal > 0 ? Double(floorMet) / Double(floorTotal) : nil,
            powerBudgetAttainment: targets.powerBudgetW != nil && n > 0 ? Double(budgetMet) / n : nil,
            energyJ: energyJ,
            bits: bits,
            throughputMbps: n > 0 ? bits / (n * periodDurationS) / 1e6 : 0,
            bitsPerJoule: energyJ > 0 ? bits / energyJ : 0,
            energySavingPercent: saving,
            energySavingMet: targets.energySavingPercent.flatMap { goal in saving.map { $0 >= goal } })
    }
}
