import Power

/// Meets every slice's latency target at the least predicted power.
///
/// Each period it forecasts the next period's PRB load per cell (last value plus the last rise,
/// so a morning ramp is met ahead of time; no trend across a handover of a whole cell), then:
///
/// 1. **RUs**: wakes a sleeping RU when the cell carrying its UEs would exceed `ruWakeLoad`, its
///    own estimated demand exceeds twice `ruSleepLoad`, or a slice there would miss its target;
///    sleeps an RU whose load is under `ruSleepLoad` when a neighbour can take its UEs (load
///    times `steeredLoadFactor`, for their worse SINR at the neighbour) and stay under
///    `hostMaxLoad` with every slice's predicted p99 under target. The depth is the deepest mode
///    whose minimum duration fits one period (``RUPowerModel/deepestSleep(forIdleDurationUs:)``).
///    The period in which the UEs move carries the handover's interruption, so latency wakes an
///    RU only from the period after.
/// 2. **Cores**: ``VRANComputeModel/coresNeeded(for:deadlineUs:marginFraction:maxCores:frequencyScale:)``
///    of the forecast slot load with `computeMarginFraction` headroom; cores rise at once and fall
///    only when `coreHysteresis` or more would be freed. A cell woken this period is sized for a
///    full carrier until it reports. A vCU is sized the same way from its measured work per slot,
///    scaled by the forecast rise of its cells' load (a vCU that fell behind measured less than
///    its demand, so half as much again is assumed).
/// 3. **Placement**: relieves overloaded servers, then empties the least-used servers onto the
///    others (best fit) when ``PowerPrediction`` says it saves at least `minSavingW` and
///    `reserveCores` stay free; empty servers are switched off after the migrations, and one is
///    switched on when the free cores fall under the reserve.
/// 4. **Slices**: quota nudges where a predicted p99 still misses its target (after taking out
///    the wait for a vCU, which its cores remove).
///
/// Latency is predicted with ``LatencyPredictor`` from each cell's observed p99.
public struct LatencyPowerPolicy: Policy {
    /// Tunables.
    public struct Configuration: Sendable, Equatable, Codable {
        public var computeMarginFraction = 0.2
        /// Predicted p99 must stay under target * (1 - margin).
        public var latencyMarginFraction = 0.1
        public var ruSleepLoad = 0.15
        public var hostMaxLoad = 0.6
        public var ruWakeLoad = 0.65
        public var steeredLoadFactor = 1.25
        public var coreHysteresis = 2
        public var minSavingW = 20.0
        public var reserveCores = 4
        public var quotaStep = 0.05
        public var leadSlots: UInt64 = 1
        public var accounting = CoreLoadAccounting.workOnly
        public var predictor = LatencyPredictor()
        public init() {}
    }

    /// What the policy predicted for the period it planned.
    public struct Plan: Sendable, Equatable {
        /// Forecast PRB load per cell after the RU decisions.
        public var cellLoad: [String: Double]
        /// Predicted p99 per cell and slice, ms (active cells only).
        public var p99Ms: [String: [String: Double]]
        /// Cores per vDU.
        public var cores: [String: Int]
        /// Predicted total power of RUs and servers, W.
        public var powerW: Double
    }

    private struct Steered: Sendable, Equatable {
        var hostCell: String
        var cellLoad0: Double
        var hostOwnLoad0: Double
        var ues: Int
        /// Period whose report led to the steering.
        var periodIndex: Int
    }

    public let name = "latency-power"
    public var configuration: Configuration
    /// The plan of the last decision.
    public private(set) var lastPlan: Plan?
    private var previousLoad: [String: Double] = [:]
    private var steered: [String: Steered] = [:]
    private var initialShares: [String: [String: Double]]?

    /// Creates the policy.
    public init(configuration: Configuration = Configuration()) {
        self.configuration = configuration
    }

    public mutating func decide(snapshot: KPISnapshot, model: ResourceModel, targets: OrchestrationTargets) -> [OrchestratorAction] {
        let cfg = configuration
        let at = snapshot.slot + cfg.leadSlots
        let slotUs = model.slotDurationUs
        if initialShares == nil {
            initialShares = Dictionary(uniqueKeysWithValues: model.cells.map { c in (c.id, Dictionary(uniqueKeysWithValues: c.slices.map { ($0.sliceID, $0.minShare) })) })
        }

        // Forecast.
        var load: [String: Double] = [:]
        for c in snapshot.cells {
            let prev = previousLoad[c.cellID] ?? c.prbUse
            load[c.cellID] = min(1, c.prbUse + max(0, c.prbUse - prev))
            previousLoad[c.cellID] = c.prbUse
        }
        for id in steered.keys where model.rus.first(where: { $0.id == id })?.state == .active { steered[id] = nil }

        var actions: [OrchestratorAction] = []
        var touched = Set<String>()
        var woken = Set<String>()
        let ruByID = Dictionary(uniqueKeysWithValues: model.rus.map { ($0.id, $0) })

        // 1a. Wake.
        for ruID in steered.keys.sorted() {
            guard let s = steered[ruID], let ru = ruByID[ruID] else { continue }
            let hostLoad = load[s.hostCell] ?? 0
            let k = hostLoad / max(s.hostOwnLoad0 + s.cellLoad0 * cfg.steeredLoadFactor, 1e-9)
            let demand = min(1, k * s.cellLoad0)
            // The period of the handover itself carries its interruption: judge latency from the next.
            let settled = snapshot.periodIndex > s.periodIndex + 1
            let hostSliceMiss = settled
                && worstMargin(cell: s.hostCell, load: hostLoad, snapshot: snapshot, targets: targets, slotUs: slotUs) > 1 - cfg.latencyMarginFraction
            guard hostLoad > cfg.ruWakeLoad || demand > 2 * cfg.ruSleepLoad || hostSliceMiss else { continue }
            let why = hostSliceMiss ? "a slice in \(s.hostCell) would miss its target" :
                hostLoad > cfg.ruWakeLoad ? "\(s.hostCell) forecast load \(fmt(hostLoad * 100)) % > \(fmt(cfg.ruWakeLoad * 100)) %" :
                "its own demand estimated at \(fmt(demand * 100)) %"
            actions.append(OrchestratorAction(.ruWake(ru: ruID), applyAtSlot: at, reason: "wake RU \(ruID): \(why)"))
            actions.append(OrchestratorAction(.steerUEs(fromCell: s.hostCell, toCell: ru.cellID, count: s.ues), applyAtSlot: at + model.wakeUpSlots(ru),
                                              reason: "RU \(ruID) awake: return its \(s.ues) UEs from \(s.hostCell)"))
            load[s.hostCell] = max(0, hostLoad - demand * cfg.steeredLoadFactor)
            load[ru.cellID] = demand
            woken.insert(ru.cellID)
            steered[ruID] = nil
            touched.insert(ruID)
            if let h = model.ru(ofCell: s.hostCell) { touched.insert(h.id) }
        }

        // 1b. Sleep.
        let periodUs = Double(snapshot.periodSlots) * slotUs
        let hostCells = Set(steered.values.map(\.hostCell))
        let sleepers = model.rus.filter { $0.state == .active && !touched.contains($0.id) && !hostCells.contains($0.cellID) }
            .sorted { (load[$0.cellID] ?? 1, $0.id) < (load[$1.cellID] ?? 1, $1.id) }
        for ru in sleepers where !touched.contains(ru.id) {
            guard let l = load[ru.cellID], l < cfg.ruSleepLoad, let depth = ru.power.deepestSleep(forIdleDurationUs: periodUs) else { continue }
            let moved = l * cfg.steeredLoadFactor
            let options = ru.neighbourRUIDs.compactMap { ruByID[$0] }
                .filter { $0.state == .active && !touched.contains($0.id) && steered[$0.id] == nil }
                .filter { n in
                    let nl = (load[n.cellID] ?? 1) + moved
                    return nl <= cfg.hostMaxLoad
                        && worstMargin(cell: n.cellID, load: nl, snapshot: snapshot, targets: targets, slotUs: slotUs) <= 1 - cfg.latencyMarginFraction
                }
                .sorted { (load[$0.cellID] ?? 1, $0.id) < (load[$1.cellID] ?? 1, $1.id) }
            guard let n = options.first else { continue }
            let ues = model.cellIndex(ru.cellID).map { model.cells[$0].activeUEs } ?? 0
            let nLoad = load[n.cellID] ?? 0
            actions.append(OrchestratorAction(.steerUEs(fromCell: ru.cellID, toCell: n.cellID, count: ues), applyAtSlot: at,
                                              reason: "cell \(ru.cellID) forecast load \(fmt(l * 100)) % < \(fmt(cfg.ruSleepLoad * 100)) %: hand \(ues) UEs to \(n.cellID) (forecast \(fmt((nLoad + moved) * 100)) % after)"))
            actions.append(OrchestratorAction(.ruSleep(ru: ru.id, depth: depth), applyAtSlot: at + model.handoverSlots,
                                              reason: "RU \(ru.id) idle after handover: sleep \(depth), saves \(fmt(ru.power.inputPowerW(load: l, state: .active) - ru.power.sleepPowerW(depth))) W"))
            steered[ru.id] = Steered(hostCell: n.cellID, cellLoad0: l, hostOwnLoad0: nLoad, ues: ues, periodIndex: snapshot.periodIndex)
            load[n.cellID] = nLoad + moved
            load[ru.cellID] = 0
            touched.insert(ru.id)
            touched.insert(n.id)
        }
        // Steering makes a step in the loads of the cells involved: no trend across it.
        for ruID in touched { if let ru = ruByID[ruID] { previousLoad[ru.cellID] = nil } }
        var ruStates: [String: RUPowerState] = [:]
        for ru in model.rus {
            ruStates[ru.id] = steered[ru.id] != nil ? .sleep(.sm1) : (touched.contains(ru.id) ? .active : ru.state)
        }
        for (id, s) in steered { _ = s; if let ru = ruByID[id], let d = ru.power.deepestSleep(forIdleDurationUs: periodUs) { ruStates[id] = .sleep(d) } }

        // 2. Cores. A woken cell's demand is only an estimate until its first report: size its vDU
        // for a full carrier meanwhile.
        var computeLoad = load
        for cell in woken { computeLoad[cell] = 1 }
        var cores: [String: Int] = [:]
        var slotLoads: [String: VDUSlotLoad] = [:]
        for vdu in model.vdus {
            let server = model.servers[model.serverIndex(vdu.migratingToServerID ?? vdu.serverID)!]
            let sl = slotLoad(vdu: vdu, load: computeLoad, model: model, snapshot: snapshot)
            slotLoads[vdu.id] = sl
            let need = vdu.compute.coresNeeded(for: sl, deadlineUs: slotUs, marginFraction: cfg.computeMarginFraction,
                                               maxCores: server.power.cores, frequencyScale: server.frequencyScale) ?? server.power.cores
            cores[vdu.id] = need > vdu.cores ? need : (vdu.cores - need >= cfg.coreHysteresis ? need : vdu.cores)
        }

        var vcuCores: [String: Int] = [:]
        var vcuWork: [String: Double] = [:]
        for vcu in model.vcus {
            let server = model.servers[model.serverIndex(vcu.serverID)!]
            let cellIDs = model.cells.filter { vcu.duIDs.contains($0.duID) }.map(\.id)
            let observed = cellIDs.reduce(0.0) { $0 + (snapshot.cell($1)?.prbUse ?? 0) }
            let forecast = cellIDs.reduce(0.0) { $0 + (load[$1] ?? 0) }
            let k = snapshot.vcu(vcu.id)
            var work = (k?.utilisation ?? 0) * Double(vcu.cores) * slotUs
            if let k, k.lateSlots > 0 { work = max(work, Double(vcu.cores) * slotUs) * 1.5 }
            work *= observed > 0.01 ? max(1, forecast / observed) : 1
            vcuWork[vcu.id] = work
            let need = vcu.compute.vcuCoresNeeded(workPerSlotUs: work, slotDurationUs: slotUs, marginFraction: cfg.computeMarginFraction,
                                                  maxCores: server.power.cores) ?? server.power.cores
            vcuCores[vcu.id] = need > vcu.cores ? need : (vcu.cores - need >= cfg.coreHysteresis ? need : vcu.cores)
        }

        // 3. Placement.
        var place: [String: String] = Dictionary(uniqueKeysWithValues: model.vdus.map { ($0.id, $0.migratingToServerID ?? $0.serverID) })
        let onServers = model.servers.filter { $0.state == .on }.map(\.id)
        let capacity = Dictionary(uniqueKeysWithValues: model.servers.map { ($0.id, $0.power.cores) })
        func used(_ server: String) -> Int {
            model.vcus.filter { $0.serverID == server }.reduce(0) { $0 + vcuCores[$1.id]! }
                + place.filter { $0.value == server }.keys.reduce(0) { $0 + cores[$1]! }
        }
        func bestFit(_ vdu: String, excluding: Set<String>) -> String? {
            onServers.filter { !excluding.contains($0) && capacity[$0]! - used($0) >= cores[vdu]! }
                .min { (capacity[$0]! - used($0), $0) < (capacity[$1]! - used($1), $1) }
        }
        let movable = Set(model.vdus.filter { $0.migratingToServerID == nil }.map(\.id))
        // Relieve overload.
        var shortOfCores = false
        for server in onServers where used(server) > capacity[server]! {
            for vdu in place.filter({ $0.value == server && movable.contains($0.key) }).keys.sorted(by: { (cores[$0]!, $0) < (cores[$1]!, $1) }) {
                guard used(server) > capacity[server]! else { break }
                if let to = bestFit(vdu, excluding: [server]) { place[vdu] = to }
            }
            // What still does not fit is capped; the reserve check below switches a server on.
            for vdu in place.filter({ $0.value == server }).keys.sorted() where used(server) > capacity[server]! {
                let over = used(server) - capacity[server]!
                cores[vdu] = max(1, cores[vdu]! - over)
                shortOfCores = true
            }
        }
        // Consolidate.
        var emptied: [String] = []
        let prior = predict(model: model, place: place, cores: cores, vcuCores: vcuCores, vcuWork: vcuWork, serverOff: Set(emptied), ruStates: ruStates, load: load, slotLoads: slotLoads)
        var bestPowerW = prior.totalPowerW
        let candidates = onServers.filter { s in !model.vcus.contains { $0.serverID == s } }
            .sorted { (used($0), $0) < (used($1), $1) }
        for server in candidates {
            let remaining = onServers.filter { $0 != server && !emptied.contains($0) }
            let freeAfter = remaining.reduce(0) { $0 + capacity[$1]! - used($1) } - used(server)
            guard freeAfter >= cfg.reserveCores else { continue }
            let saved = place
            var ok = true
            for vdu in place.filter({ $0.value == server }).keys.sorted(by: { (cores[$0]!, $0) > (cores[$1]!, $1) }) {
                guard movable.contains(vdu), let to = bestFit(vdu, excluding: Set(emptied + [server])) else { ok = false; break }
                place[vdu] = to
            }
            let p = predict(model: model, place: place, cores: cores, vcuCores: vcuCores, vcuWork: vcuWork, serverOff: Set(emptied + [server]), ruStates: ruStates, load: load, slotLoads: slotLoads)
            if ok && p.feasible && bestPowerW - p.totalPowerW >= cfg.minSavingW {
                emptied.append(server)
                bestPowerW = p.totalPowerW
            } else {
                place = saved
            }
        }

        // Emit compute actions in an order the feasibility rules accept.
        let migrationDone = at + model.migrationSlots
        var sim = model
        func emit(_ a: OrchestratorAction) {
            sim.advance(toSlot: a.applyAtSlot)
            if let next = try? sim.applying(a) { sim = next; actions.append(a) }
        }
        var deferred: [OrchestratorAction] = []
        func vcuReason(_ vcu: VirtualCU) -> String {
            "vCU \(vcu.id) needs \(vcuCores[vcu.id]!) cores for \(fmt(vcuWork[vcu.id]!)) us of work per slot with \(fmt(cfg.computeMarginFraction * 100)) % margin (has \(vcu.cores))"
        }
        for vcu in model.vcus where vcuCores[vcu.id]! < vcu.cores {
            emit(OrchestratorAction(.setVCUCores(vcu: vcu.id, cores: vcuCores[vcu.id]!), applyAtSlot: at, reason: vcuReason(vcu)))
        }
        for vdu in model.vdus where cores[vdu.id]! < vdu.cores {
            emit(OrchestratorAction(.setCores(vdu: vdu.id, cores: cores[vdu.id]!), applyAtSlot: at,
                                    reason: "vDU \(vdu.id) needs \(cores[vdu.id]!) cores for forecast load with \(fmt(cfg.computeMarginFraction * 100)) % margin (has \(vdu.cores))"))
        }
        for vdu in model.vdus where place[vdu.id] != (vdu.migratingToServerID ?? vdu.serverID) {
            emit(OrchestratorAction(.migrate(vdu: vdu.id, toServer: place[vdu.id]!), applyAtSlot: at,
                                    reason: emptied.contains(vdu.serverID) ? "consolidate: empty server \(vdu.serverID), predicted \(fmt(prior.totalPowerW - bestPowerW)) W saved" : "server \(vdu.serverID) short of cores"))
        }
        for vdu in model.vdus where cores[vdu.id]! > vdu.cores {
            let a = OrchestratorAction(.setCores(vdu: vdu.id, cores: cores[vdu.id]!), applyAtSlot: at,
                                       reason: "vDU \(vdu.id) needs \(cores[vdu.id]!) cores for forecast load with \(fmt(cfg.computeMarginFraction * 100)) % margin (has \(vdu.cores))")
            if sim.refusal(for: a.kind) == nil { emit(a) } else { deferred.append(OrchestratorAction(a.kind, applyAtSlot: migrationDone, reason: a.reason)) }
        }
        for vcu in model.vcus where vcuCores[vcu.id]! > vcu.cores {
            let a = OrchestratorAction(.setVCUCores(vcu: vcu.id, cores: vcuCores[vcu.id]!), applyAtSlot: at, reason: vcuReason(vcu))
            if sim.refusal(for: a.kind) == nil { emit(a) } else { deferred.append(OrchestratorAction(a.kind, applyAtSlot: migrationDone, reason: a.reason)) }
        }
        for a in deferred { emit(a) }
        sim.advance(toSlot: migrationDone + 1)
        for server in model.servers where server.state == .on && sim.isEmpty(serverID: server.id) {
            let others = onServers.filter { $0 != server.id && !emptied.contains($0) }.reduce(0) { $0 + sim.freeCores(on: $1) }
            guard emptied.contains(server.id) || others >= cfg.reserveCores else { continue }
            emit(OrchestratorAction(.serverPower(server: server.id, on: false), applyAtSlot: migrationDone + 1,
                                    reason: "server \(server.id) empty: switch off, saves \(fmt(server.power.idlePowerW - server.power.offPowerW)) W"))
        }
        let freeOn = sim.servers.filter { $0.state == .on }.reduce(0) { $0 + sim.freeCores(on: $1.id) }
        if (freeOn < cfg.reserveCores || shortOfCores) && !sim.servers.contains(where: { $0.state == .switchingOn }),
           let spare = sim.servers.filter({ $0.state == .off || $0.state == .standby }).map(\.id).sorted().first {
            emit(OrchestratorAction(.serverPower(server: spare, on: true), applyAtSlot: at,
                                    reason: shortOfCores ? "vDUs short of cores: switch server \(spare) on" : "free cores \(freeOn) < reserve \(cfg.reserveCores): switch server \(spare) on"))
        }

        // 4. Predicted latency and slice quotas.
        var p99: [String: [String: Double]] = [:]
        for cell in model.cells where ruStates[model.cells[model.cellIndex(cell.id)!].ruID].map({ $0 == .active }) ?? true {
            guard let k = snapshot.cell(cell.id), let vdu = model.vdus.first(where: { $0.cellIDs.contains(cell.id) }) else { continue }
            let server = model.servers[model.serverIndex(place[vdu.id]!)!]
            let tNew = vdu.compute.slotProcessingUs(slotLoads[vdu.id]!, cores: cores[vdu.id]!, frequencyScale: server.power.clampedFrequencyScale(server.frequencyScale))
            let tOld = snapshot.vdu(vdu.id)?.processingP99Us ?? tNew
            // Packets that waited for a vCU: its new cores take that wait away, a quota would not.
            let vcuWaitMs = model.vcus.first { $0.duIDs.contains(cell.duID) }.flatMap { snapshot.vcu($0.id) }.map { $0.processingP99Us / 1000 } ?? 0
            for s in k.slices {
                p99[cell.id, default: [:]][s.sliceID] = cfg.predictor.predictP99Ms(observedP99Ms: max(0, s.latencyP99Ms - vcuWaitMs), observedUtilisation: k.prbUse,
                                                                                   predictedUtilisation: load[cell.id] ?? k.prbUse,
                                                                                   observedProcessingUs: tOld, predictedProcessingUs: tNew, slotDurationUs: slotUs)
            }
        }
        actions += PolicySupport.quotaNudges(model: model, targets: targets, p99Ms: { p99[$0]?[$1] }, step: cfg.quotaStep,
                                             floorShares: initialShares ?? [:], atSlot: at)
        let final = predict(model: model, place: place, cores: cores, vcuCores: vcuCores, vcuWork: vcuWork, serverOff: Set(emptied), ruStates: ruStates, load: load, slotLoads: slotLoads)
        lastPlan = Plan(cellLoad: load, p99Ms: p99, cores: cores, powerW: final.totalPowerW)
        return actions.enumerated().sorted { ($0.element.applyAtSlot, $0.offset) < ($1.element.applyAtSlot, $1.offset) }.map(\.element)
    }

    /// Worst predicted p99 / target over a cell's slices at a load (> 1 means a miss).
    private func worstMargin(cell: String, load: Double, snapshot: KPISnapshot, targets: OrchestrationTargets, slotUs: Double) -> Double {
        guard let k = snapshot.cell(cell) else { return .infinity }
        var worst = 0.0
        for s in k.slices {
            guard let target = targets.sliceLatencyP99Ms[s.sliceID] else { continue }
            let p = configuration.predictor.predictP99Ms(observedP99Ms: s.latencyP99Ms, observedUtilisation: k.prbUse, predictedUtilisation: load,
                                                         observedProcessingUs: 0, predictedProcessingUs: 0, slotDurationUs: slotUs)
            worst = max(worst, p / target)
        }
        return worst
    }

    /// The forecast slot load of a vDU: PRBs of its cells at their forecast load.
    private func slotLoad(vdu: VirtualDU, load: [String: Double], model: ResourceModel, snapshot: KPISnapshot) -> VDUSlotLoad {
        var prbs = 0, ues = 0.0, bitsWeighted = 0.0
        for id in vdu.cellIDs {
            guard let c = model.cellIndex(id) else { continue }
            let p = Int((min(max(load[id] ?? 0, 0), 1) * Double(model.cells[c].prbs)).rounded(.up))
            prbs += p
            let k = snapshot.cell(id)
            bitsWeighted += Double(p) * (k?.meanBitsPerRE ?? 0)
            ues += (load[id] ?? 0) > 0 ? (k?.scheduledUEsPerSlot ?? 0) : 0
        }
        return VDUSlotLoad(prbs: prbs, layers: vdu.layers, bitsPerRE: prbs > 0 ? bitsWeighted / Double(prbs) : 0, scheduledUEs: Int(ues.rounded(.up)))
    }

    private func predict(model: ResourceModel, place: [String: String], cores: [String: Int], vcuCores: [String: Int],
                         vcuWork: [String: Double], serverOff: Set<String>,
                         ruStates: [String: RUPowerState], load: [String: Double], slotLoads: [String: VDUSlotLoad]) -> PowerPrediction.Result {
        PowerPrediction.predict(ModelPower.candidate(model: model, place: place, cores: cores, vcuCores: vcuCores, vcuWork: vcuWork,
                                                     serverOff: serverOff, ruStates: ruStates,
                                                     load: load, slotLoads: slotLoads, accounting: configuration.accounting,
                                                     marginFraction: configuration.computeMarginFraction))
    }
}

/// Builds ``PowerPrediction`` candidates from a resource model.
public enum ModelPower {
    /// A candidate for a model with a placement, cores, RU states and loads.
    /// - Parameters:
    ///   - model: the model (servers, RUs, cells).
    ///   - place: server per vDU.
    ///   - cores: cores per vDU.
    ///   - vcuCores: cores per vCU (default: as in the model).
    ///   - vcuWork: expected single-core work per slot per vCU, us.
    ///   - serverOff: servers assumed off.
    ///   - ruStates: state per RU.
    ///   - load: PRB load per cell.
    ///   - slotLoads: slot load per vDU.
    ///   - accounting: how allocated cores load the server.
    ///   - marginFraction: compute headroom for the cores-needed figure.
    /// - Returns: the candidate.
    public static func candidate(model: ResourceModel, place: [String: String], cores: [String: Int], vcuCores: [String: Int] = [:],
                                 vcuWork: [String: Double] = [:], serverOff: Set<String>,
                                 ruStates: [String: RUPowerState], load: [String: Double], slotLoads: [String: VDUSlotLoad],
                                 accounting: CoreLoadAccounting, marginFraction: Double) -> PowerPrediction.Candidate {
        let rus = model.rus.map { ru in
            PowerPrediction.RU(id: ru.id, model: ru.power, state: ruStates[ru.id] ?? ru.state, expectedLoad: load[ru.cellID] ?? 0)
        }
        let servers = model.servers.map { server in
            let vdus = model.vdus.filter { place[$0.id] == server.id }.map { vdu in
                PowerPrediction.VDU(id: vdu.id, compute: vdu.compute, cores: cores[vdu.id] ?? vdu.cores, expectedLoad: slotLoads[vdu.id] ?? .idle,
                                    slotDurationUs: model.slotDurationUs, marginFraction: marginFraction)
            }
            let vcus = model.vcus.filter { $0.serverID == server.id }.map { vcu in
                PowerPrediction.VCU(id: vcu.id, cores: vcuCores[vcu.id] ?? vcu.cores, workPerSlotUs: vcuWork[vcu.id] ?? 0,
                                    slotDurationUs: model.slotDurationUs)
            }
            return PowerPrediction.Server(id: server.id, model: server.power, state: serverOff.contains(server.id) ? .off : server.state,
                                          frequencyScale: server.frequencyScale, vdus: vdus, vcus: vcus, accounting: accounting)
        }
        return PowerPrediction.Candidate(rus: rus, servers: servers)
    }
}
