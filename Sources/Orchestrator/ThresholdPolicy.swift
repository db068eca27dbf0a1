import Interfaces
import Power

/// Utilisation bands, the classic rule-based policy:
///
/// - vDU and vCU: busy fraction above `upperUtilisation` (or any late slot) adds `coreStep` cores;
///   below `lowerUtilisation` removes them (never under `minCores`). The gap between the bands is
///   the hysteresis.
/// - RU: PRB load below `ruSleepLoad` hands its UEs to the least-loaded active neighbour whose
///   load plus this one stays under `neighbourMaxLoad`, then sleeps; it wakes (and takes its UEs
///   back) when that neighbour's load exceeds `ruWakeLoad`.
/// - Slices: a slice whose p99 misses its target gets `quotaStep` more minimum share; one well
///   under half its target gives it back, down to its configured share.
public struct ThresholdPolicy: Policy {
    /// Tunables.
    public struct Configuration: Sendable, Equatable, Codable {
        public var upperUtilisation = 0.8
        public var lowerUtilisation = 0.3
        public var coreStep = 1
        public var minCores = 1
        public var ruSleepLoad = 0.1
        public var neighbourMaxLoad = 0.6
        public var ruWakeLoad = 0.7
        public var sleepDepth = RUSleepDepth.sm3
        public var quotaStep = 0.05
        /// Slots between the report and the first action (control-loop delay).
        public var leadSlots: UInt64 = 1
        public init() {}
    }

    public let name = "threshold"
    public var configuration: Configuration
    /// Sleeping RU -> (cell now serving its UEs, UEs moved).
    private var hosts: [String: (cell: String, ues: Int)] = [:]
    /// Slice minimum shares at the first decision: the floor a nudge down returns to.
    private var initialShares: [String: [String: Double]]?

    /// Creates the policy.
    public init(configuration: Configuration = Configuration()) {
        precondition(configuration.lowerUtilisation < configuration.upperUtilisation && configuration.coreStep >= 1 && configuration.minCores >= 1,
                     "threshold bands out of order")
        self.configuration = configuration
    }

    public mutating func decide(snapshot: KPISnapshot, model: ResourceModel, targets: OrchestrationTargets) -> [OrchestratorAction] {
        let cfg = configuration
        let at = snapshot.slot + cfg.leadSlots
        if initialShares == nil {
            initialShares = Dictionary(uniqueKeysWithValues: model.cells.map { c in (c.id, Dictionary(uniqueKeysWithValues: c.slices.map { ($0.sliceID, $0.minShare) })) })
        }
        var actions: [OrchestratorAction] = []

        // Compute: utilisation bands per vDU and vCU.
        for vdu in model.vdus where vdu.migratingToServerID == nil {
            guard let k = snapshot.vdu(vdu.id) else { continue }
            actions += coreBand(noun: "vDU", id: vdu.id, cores: vdu.cores, free: model.freeCores(on: vdu.serverID),
                                utilisation: k.utilisation, lateSlots: k.lateSlots, at: at) { .setCores(vdu: vdu.id, cores: $0) }
        }
        for vcu in model.vcus {
            guard let k = snapshot.vcu(vcu.id) else { continue }
            actions += coreBand(noun: "vCU", id: vcu.id, cores: vcu.cores, free: model.freeCores(on: vcu.serverID),
                                utilisation: k.utilisation, lateSlots: k.lateSlots, at: at) { .setVCUCores(vcu: vcu.id, cores: $0) }
        }

        // Radio: wake first (it frees hosts), then sleep.
        var load: [String: Double] = Dictionary(uniqueKeysWithValues: snapshot.cells.map { ($0.cellID, $0.prbUse) })
        var busy = Set<String>()  // RUs touched this period, so one decision per RU and per host
        for ruID in hosts.keys.sorted() {
            guard let host = hosts[ruID], let ru = model.rus.first(where: { $0.id == ruID }) else { continue }
            if case .active = ru.state { hosts[ruID] = nil; continue }
            let hostLoad = load[host.cell] ?? 0
            if hostLoad > cfg.ruWakeLoad {
                let wake = OrchestratorAction(.ruWake(ru: ruID), applyAtSlot: at, reason: "cell \(host.cell) carrying RU \(ruID)'s UEs at load \(fmt(hostLoad * 100)) % > \(fmt(cfg.ruWakeLoad * 100)) %: wake")
                let back = model.wakeUpSlots(ru)
                actions.append(wake)
                actions.append(OrchestratorAction(.steerUEs(fromCell: host.cell, toCell: ru.cellID, count: host.ues), applyAtSlot: at + back,
                                                  reason: "RU \(ruID) awake: return its \(host.ues) UEs from \(host.cell)"))
                hosts[ruID] = nil
                busy.insert(ruID)
                if let h = model.ru(ofCell: host.cell) { busy.insert(h.id) }
            }
        }
        let hostCells = Set(hosts.values.map(\.cell))
        for ru in model.rus.sorted(by: { ($0.id) < ($1.id) }) where ru.state == .active && !busy.contains(ru.id) && !hostCells.contains(ru.cellID) {
            guard let cellLoad = load[ru.cellID], cellLoad < cfg.ruSleepLoad else { continue }
            let neighbours: [RadioUnit] = ru.neighbourRUIDs.compactMap { id in model.rus.first { $0.id == id } }
            let usable: [(RadioUnit, Double)] = neighbours
                .filter { n in n.state == .active && !busy.contains(n.id) && hosts[n.id] == nil }
                .map { n in (n, load[n.cellID] ?? 0) }
                .filter { pair in pair.1 + cellLoad <= cfg.neighbourMaxLoad }
            let candidates = usable.sorted { a, b in (a.1, a.0.id) < (b.1, b.0.id) }
            guard let (neighbour, nLoad) = candidates.first else { continue }
            let ues = model.cellIndex(ru.cellID).map { model.cells[$0].activeUEs } ?? 0
            actions.append(OrchestratorAction(.steerUEs(fromCell: ru.cellID, toCell: neighbour.cellID, count: ues), applyAtSlot: at,
                                              reason: "cell \(ru.cellID) load \(fmt(cellLoad * 100)) % < \(fmt(cfg.ruSleepLoad * 100)) %: hand \(ues) UEs to \(neighbour.cellID) (load \(fmt(nLoad * 100)) %)"))
            actions.append(OrchestratorAction(.ruSleep(ru: ru.id, depth: cfg.sleepDepth), applyAtSlot: at + model.handoverSlots,
                                              reason: "RU \(ru.id) idle after handover: sleep \(cfg.sleepDepth)"))
            hosts[ru.id] = (neighbour.cellID, ues)
            load[neighbour.cellID] = nLoad + cellLoad
            busy.insert(ru.id)
            busy.insert(neighbour.id)
        }

        // Slices: nudge quotas on observed p99.
        let slicesByCell = Dictionary(uniqueKeysWithValues: snapshot.cells.map { c in (c.cellID, c.slices) })
        actions += PolicySupport.quotaNudges(model: model, targets: targets,
                                             p99Ms: { cell, slice in slicesByCell[cell]?.first { $0.sliceID == slice }?.latencyP99Ms },
                                             step: cfg.quotaStep, floorShares: initialShares ?? [:], atSlot: at)
        return actions
    }

    /// One core step up above the upper band (or with late slots) if the server has a free core,
    /// one down below the lower band, never under `minCores`.
    private func coreBand(noun: String, id: String, cores: Int, free: Int, utilisation: Double, lateSlots: Int, at: UInt64,
                          action: (Int) -> RCAction) -> [OrchestratorAction] {
        let cfg = configuration
        let u = "\(noun) \(id) utilisation \(fmt(utilisation * 100)) %"
        if utilisation > cfg.upperUtilisation || lateSlots > 0 {
            let add = min(cfg.coreStep, free)
            guard add > 0 else { return [] }
            return [OrchestratorAction(action(cores + add), applyAtSlot: at,
                                       reason: "\(u) > \(fmt(cfg.upperUtilisation * 100)) %" + (lateSlots > 0 ? ", \(lateSlots) late slots" : "")
                                           + ": add \(add) core(s)")]
        }
        guard utilisation < cfg.lowerUtilisation, cores - cfg.coreStep >= cfg.minCores else { return [] }
        return [OrchestratorAction(action(cores - cfg.coreStep), applyAtSlot: at,
                                   reason: "\(u) < \(fmt(cfg.lowerUtilisation * 100)) %: remove \(cfg.coreStep) core(s)")]
    }
}
