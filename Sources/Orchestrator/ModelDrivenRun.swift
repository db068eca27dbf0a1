import Foundation
import Power

/// SplitMix64 (Steele, Lea, Flood, "Fast splittable pseudorandom number generators", OOPSLA 2014):
/// the seeded generator of model-driven runs.
public struct SplitMix64: RandomNumberGenerator, Sendable {
    private var state: UInt64
    public init(seed: UInt64) { state = seed }
    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// Offered PRB load per cell per period.
public struct DemandProfile: Sendable, Equatable, Codable {
    /// `loads[period][cell]`, fraction of the cell's PRBs its own UEs would use.
    public var loads: [[String: Double]]

    public init(loads: [[String: Double]]) { self.loads = loads }

    /// A day compressed into `periods` periods: a raised cosine between trough and peak per cell,
    /// lowest at 04:00 and highest at 16:00 (plus the cell's phase shift in hours).
    /// - Parameters:
    ///   - periods: periods in the day, >= 1.
    ///   - cells: cell identifier -> (trough, peak, phase shift h).
    public static func compressedDay(periods: Int, cells: [String: (trough: Double, peak: Double, shiftH: Double)]) -> DemandProfile {
        precondition(periods >= 1, "at least one period")
        return DemandProfile(loads: (0..<periods).map { p in
            let hour = 24 * Double(p) / Double(periods)
            return cells.mapValues { c in
                c.trough + (c.peak - c.trough) * (1 - cos(2 * Double.pi * (hour - 4 - c.shiftH) / 24)) / 2
            }
        })
    }
}

/// A model of what the nodes would report, for running policies without the emulated network:
/// tests and quick policy studies. The lead's node-side KPM reports replace it in real runs.
///
/// Per period: a sleeping RU's demand moves to its least-loaded active neighbour times
/// `steeredLoadFactor` (no neighbour: it is not served); PRB utilisation rho = carried load;
/// each slice's p99 = base p99 / (1 - rho) (M/M/1 percentile scaling, capped at rho 0.98) +
/// the vDU slot time, plus `lateSlotPenaltyMs` when the vDU misses its deadline; throughput =
/// demand served * cell capacity (80 % DL), scaled down when the carried load exceeds 1; power
/// from ``PowerPrediction``.
public struct ModelEnvironment: Sendable, Equatable, Codable {
    /// Throughput of a fully loaded cell, Mbit/s.
    public var cellCapacityMbps: Double = 1000
    /// Share of each cell's traffic per slice (sums to 1).
    public var sliceMix: [String: Double]
    /// p99 at zero load per slice, ms.
    public var baseP99Ms: [String: Double]
    /// Spectral efficiency of scheduled PRBs (Q_m * R).
    public var bitsPerRE: Double = 6
    /// UEs per cell at full load; UEs and scheduled UEs scale with the load.
    public var uesAtFullLoad: Int = 64
    public var scheduledUEsPerSlotAtFullLoad: Double = 8
    public var steeredLoadFactor: Double = 1.25
    public var lateSlotPenaltyMs: Double = 20
    /// Relative demand noise: each cell's load is scaled by 1 + noise * (u - 0.5), u uniform.
    public var noiseFraction: Double = 0.05
    public var accounting = CoreLoadAccounting.workOnly

    public init(sliceMix: [String: Double], baseP99Ms: [String: Double]) {
        self.sliceMix = sliceMix
        self.baseP99Ms = baseP99Ms
    }

    /// The snapshot the nodes would report for one period.
    /// - Parameters:
    ///   - periodIndex: the period.
    ///   - periodSlots: period length, slots.
    ///   - model: the allocation in force.
    ///   - demand: offered load per cell.
    ///   - rng: the seeded generator.
    /// - Returns: the snapshot.
    public func snapshot<G: RandomNumberGenerator>(periodIndex: Int, periodSlots: Int, model: ResourceModel, demand: [String: Double],
                                                   rng: inout G) -> KPISnapshot {
        let slotUs = model.slotDurationUs
        var carried: [String: Double] = [:]
        var ues: [String: Double] = [:]
        var served: [String: Double] = [:]  // demand carried, in the home cell's load units
        for cell in model.cells.sorted(by: { $0.id < $1.id }) {
            let d = max(0, (demand[cell.id] ?? 0) * (1 + noiseFraction * (Double.random(in: 0..<1, using: &rng) - 0.5)))
            let ru = model.ru(ofCell: cell.id)
            if ru?.state == .active {
                carried[cell.id, default: 0] += d
                served[cell.id, default: 0] += d
                ues[cell.id, default: 0] += d * Double(uesAtFullLoad)
            } else if let host = ru?.neighbourRUIDs.compactMap({ id in model.rus.first { $0.id == id && $0.state == .active } })
                        .min(by: { (carried[$0.cellID] ?? 0, $0.id) < (carried[$1.cellID] ?? 0, $1.id) }) {
                carried[host.cellID, default: 0] += d * steeredLoadFactor
                served[host.cellID, default: 0] += d
                ues[host.cellID, default: 0] += d * Double(uesAtFullLoad)
            }
        }
        var vduKPIs: [VDUKPI] = [], slotLoads: [String: VDUSlotLoad] = [:], tSlot: [String: Double] = [:]
        for vdu in model.vdus {
            var prbs = 0, sched = 0.0
            for id in vdu.cellIDs {
                guard let c = model.cellIndex(id) else { continue }
                let rho = min(carried[id] ?? 0, 1)
                prbs += Int((rho * Double(model.cells[c].prbs)).rounded(.up))
                sched += rho > 0 ? scheduledUEsPerSlotAtFullLoad : 0
            }
            let load = VDUSlotLoad(prbs: prbs, layers: vdu.layers, bitsPerRE: bitsPerRE, scheduledUEs: Int(sched.rounded(.up)))
            slotLoads[vdu.id] = load
            let server = model.servers.first { $0.id == vdu.serverID }
            let f = server.map { $0.power.clampedFrequencyScale($0.frequencyScale) } ?? 1
            let hosted = server?.state.canHostWork ?? false
            let t = hosted ? vdu.compute.slotProcessingUs(load, cores: vdu.cores, frequencyScale: f) : .infinity
            tSlot[vdu.id] = t
            let busy = vdu.compute.singleCoreWorkUs(load) / f / (Double(vdu.cores) * slotUs)
            vduKPIs.append(VDUKPI(vduID: vdu.id, coresAllocated: vdu.cores, utilisation: min(1, busy), processingP99Us: t.isFinite ? t : 1e9,
                                  lateSlots: t > slotUs ? periodSlots : 0))
        }
        var cells: [CellKPI] = []
        for cell in model.cells {
            let rho = min(carried[cell.id] ?? 0, 1)
            let active = model.ru(ofCell: cell.id)?.state == .active
            let vdu = model.vdus.first { $0.cellIDs.contains(cell.id) }
            let t = vdu.flatMap { tSlot[$0.id] } ?? 0
            let late = t > slotUs
            // An overloaded cell serves its demand in proportion 1 / carried load.
            let c = carried[cell.id] ?? 0
            let tput = active ? (served[cell.id] ?? 0) * cellCapacityMbps / max(c, 1) : 0
            let slices = sliceMix.keys.sorted().map { s -> SliceKPI in
                let base = baseP99Ms[s] ?? 1
                let q = base / (1 - min(carried[cell.id] ?? 0, 0.98))
                let p99 = active ? q + (late ? lateSlotPenaltyMs : t / 1000) : 0
                return SliceKPI(sliceID: s, prbUse: rho * (sliceMix[s] ?? 0), latencyP50Ms: active ? p99 / 3 : 0, latencyP99Ms: p99,
                                throughputMbps: tput * (sliceMix[s] ?? 0))
            }
            cells.append(CellKPI(cellID: cell.id, prbUseDL: rho, prbUseUL: rho * 0.5, throughputDLMbps: 0.8 * tput, throughputULMbps: 0.2 * tput,
                                 activeUEs: Int((ues[cell.id] ?? 0).rounded()), bufferBytes: Int(rho * 1e6), meanBitsPerRE: bitsPerRE,
                                 scheduledUEsPerSlot: rho > 0 ? scheduledUEsPerSlotAtFullLoad : 0, slices: active ? slices : []))
        }
        let place = Dictionary(uniqueKeysWithValues: model.vdus.map { ($0.id, $0.serverID) })
        let cores = Dictionary(uniqueKeysWithValues: model.vdus.map { ($0.id, $0.cores) })
        let result = PowerPrediction.predict(ModelPower.candidate(model: model, place: place, cores: cores, serverOff: [],
                                                                  ruStates: [:], load: carried, slotLoads: slotLoads,
                                                                  accounting: accounting, marginFraction: 0))
        let rus = model.rus.map { RUKPI(ruID: $0.id, state: $0.state, powerW: result.powerByNodeW[$0.id] ?? 0, load: min(carried[$0.cellID] ?? 0, 1)) }
        let servers = model.servers.map { ServerKPI(serverID: $0.id, state: $0.state, powerW: result.powerByNodeW[$0.id] ?? 0,
                                                    utilisation: result.serverUtilisation[$0.id] ?? 0) }
        return KPISnapshot(periodIndex: periodIndex, slot: UInt64(periodIndex + 1) * UInt64(periodSlots) - 1, periodSlots: periodSlots,
                           cells: cells, vdus: vduKPIs, rus: rus, servers: servers)
    }
}

/// A policy run against a ``ModelEnvironment`` over a demand profile.
public struct ModelDrivenRun: Sendable {
    /// What a run produced.
    public struct Result: Sendable {
        public var policy: String
        public var seed: UInt64
        public var snapshots: [KPISnapshot]
        public var log: [ActionLogEntry]
        public var attainment: TargetAttainment
        /// Accepted actions.
        public var actions: Int { log.filter(\.accepted).count }
        /// The comparison-table row.
        public var row: ComparisonRow { ComparisonRow(policy: policy, seed: seed, attainment: attainment, actions: actions) }
    }

    /// Runs a policy.
    /// - Parameters:
    ///   - policy: the policy (its state starts fresh).
    ///   - model: the initial allocation.
    ///   - targets: the targets.
    ///   - demand: offered load per period.
    ///   - environment: the report model.
    ///   - periodSlots: slots per period.
    ///   - seed: seed of the demand noise.
    ///   - baselineEnergyJ: energy of the baseline, for the saving figure.
    ///   - onPeriod: called after each decision with the loop (to inspect the policy's plan).
    /// - Returns: the result.
    public static func run<P: Policy>(policy: P, model: ResourceModel, targets: OrchestrationTargets, demand: DemandProfile,
                                      environment: ModelEnvironment, periodSlots: Int, seed: UInt64, baselineEnergyJ: Double? = nil,
                                      onPeriod: (OrchestrationLoop<P>) -> Void = { _ in }) -> Result {
        var rng = SplitMix64(seed: seed)
        var loop = OrchestrationLoop(model: model, policy: policy, targets: targets)
        var snapshots: [KPISnapshot] = []
        for (i, d) in demand.loads.enumerated() {
            var current = loop.model
            current.advance(toSlot: UInt64(i) * UInt64(periodSlots))
            let s = environment.snapshot(periodIndex: i, periodSlots: periodSlots, model: current, demand: d, rng: &rng)
            snapshots.append(s)
            _ = loop.step(s)
            onPeriod(loop)
        }
        let periodS = Double(periodSlots) * model.slotDurationUs / 1e6
        return Result(policy: policy.name, seed: seed, snapshots: snapshots, log: loop.log,
                      attainment: TargetAttainment.evaluate(snapshots: snapshots, periodDurationS: periodS, targets: targets, baselineEnergyJ: baselineEnergyJ))
    }
}
