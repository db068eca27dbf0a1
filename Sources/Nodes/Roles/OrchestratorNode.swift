import Foundation
import Interfaces
import Orchestrator
import Power
import Report
import Scenario

/// The SMO / near-RT RIC role: E2 to every cu, du and ru. Each period it joins their KPM reports
/// into a snapshot, runs the configured policy through the orchestration loop, and sends the
/// accepted actions as RC control requests that the nodes apply at the slot they name.
public final class OrchestratorNode: NodeBehavior {
    private let topology: Topology
    private var loop: OrchestrationLoop<ScenarioPolicy>
    private let periodSlots: UInt64
    private let e2DelaySlots: UInt64
    private var indications: [Int: [KPMIndication]] = [:]
    private var snapshots: [KPISnapshot] = []
    private var report: OrchestrationReport
    /// Log index by action id, to record a node's refusal.
    private var logIndex: [UInt32: Int] = [:]
    private var external: ExternalPolicyLink?
    /// Allocated cores count as busy (polling vRAN stacks) rather than only their work.
    private let pinnedCores: Bool
    /// Periods without the external policy's answer, and what to do at the limit.
    private var watch: ExternalPolicyWatch
    /// Set when an external policy stopped answering and no fallback was configured.
    public private(set) var failure: String?
    /// The nodes that send a KPM report every period (every du and ru; a cu with a vCU), sorted.
    private let reporters: [String]
    /// Reporters whose last period's report did not arrive: the period they were first missed.
    private var unreachableSince: [String: Int] = [:]

    public init(topology: Topology, nodeName: String) {
        self.topology = topology
        let config = topology.scenario.orchestrator ?? OrchestratorConfig()
        periodSlots = topology.orchestrationPeriodSlots
        e2DelaySlots = topology.delaySlots(us: topology.linkDelays.e2Us)
        var exchange: ExternalPolicyAdapter.Exchange?
        if config.policy == .external, let endpoint = config.externalEndpoint {
            do {
                let key = try config.externalServerKey.map {
                    try RunKeys.readKey(at: $0.hasPrefix("/") ? $0 : "\(topology.scenarioDirectory)/\($0)")
                }
                let link = try ExternalPolicyLink(endpoint: endpoint, timeoutMs: Int(config.externalTimeoutMs), serverPublicKey: key)
                external = link
                exchange = { try link.exchange($0) }
            } catch {
                let unreachable = ExternalPolicyLink.Unreachable(endpoint: endpoint, why: "\(error)")
                exchange = { _ in throw unreachable }
            }
        }
        pinnedCores = config.coreAccounting == .pinnedPolling
        reporters = topology.scenario.nodes.filter { node in
            switch node.role {
            case .du, .ru: true
            case .cu: topology.computeModel(of: node.name) != nil
            default: false
            }
        }.map(\.name).sorted()
        watch = ExternalPolicyWatch(config)
        let policy = Self.policy(config.policy, topology: topology, exchange: exchange)
        loop = OrchestrationLoop(model: ScenarioResources.model(topology), policy: policy,
                                 targets: ScenarioResources.targets(topology.scenario))
        report = OrchestrationReport(policy: config.policy.rawValue, periodMs: config.periodMs)
    }

    /// The policy a scenario names. The report reaches the orchestrator one E2 delay after the
    /// period; a request needs another to arrive: actions are placed that far ahead.
    private static func policy(_ name: OrchestratorPolicyName, topology: Topology, exchange: ExternalPolicyAdapter.Exchange? = nil) -> ScenarioPolicy {
        let config = topology.scenario.orchestrator ?? OrchestratorConfig()
        return ScenarioPolicy.make(name, leadSlots: 2 * topology.delaySlots(us: topology.linkDelays.e2Us),
                                   accounting: config.coreAccounting == .pinnedPolling ? .pinnedPolling : .workOnly, exchange: exchange)
    }

    public var isSetUp: Bool { true }
    public func sendSetupRequests(_ io: NodeIO) {}
    public func handleSetup(_ unit: WireUnit, _ io: NodeIO) throws(SetupProcedureError) {}

    public func handle(_ unit: WireUnit, _ io: NodeIO) {
        guard unit.header.interface == .e2 else { io.counters.decodeErrors += 1; return }
        switch unit.header.messageType {
        case E2MessageType.setupRequest:
            guard let m = decodeControl(E2SetupRequest.self, unit, io), let link = io.link(to: m.node) else { return }
            io.send(link: link, E2SetupResponse(ricNode: io.nodeName, version: 1, reportPeriodSlots: Int(periodSlots),
                                                acceptedFunctions: m.ranFunctions))
        case E2MessageType.kpmIndication:
            // A report for a period already closed came too late: its node was held unreachable then.
            guard let m = decodeControl(KPMIndication.self, unit, io), m.periodIndex >= snapshots.count else { return }
            indications[m.periodIndex, default: []].append(m)
        case E2MessageType.rcControlAck:
            guard let m = decodeControl(RCControlAck.self, unit, io), let i = logIndex[m.actionId],
                  let from = io.peerName(ofIndex: unit.header.sourceNode) else { return }
            report.actions[i].appliedAtSlot = m.appliedAtSlot
            if !m.accepted {
                report.actions[i].accepted = false
                report.actions[i].refusal = "\(from): \(m.reason ?? "refused")"
                loop.noteNodeRefusal(actionID: Int(m.actionId), node: from, reason: m.reason ?? "refused")
            }
        default:
            io.counters.decodeErrors += 1
        }
    }

    public func runSlot(_ io: NodeIO) {
        // Reports of the period that ended at slot S arrive at S + E2 delay.
        guard io.slot >= e2DelaySlots, (io.slot - e2DelaySlots + 1) % periodSlots == 0 else { return }
        let periodIndex = Int((io.slot - e2DelaySlots) / periodSlots)
        let entries = closePeriod(periodIndex, reportSlot: io.slot - e2DelaySlots, io)
        if case .external(let adapter) = loop.policy { review(adapter, periodIndex: periodIndex, reportSlot: io.slot - e2DelaySlots, io) }
        for entry in entries { send(entry, io) }
    }

    /// After an external policy's turn: logs its unreadable actions as refused, counts an
    /// unusable answer, and after `externalTimeoutLimit` periods in a row without a usable one
    /// (none, or malformed) hands over to the fallback policy, or stops the run naming the policy.
    private func review(_ adapter: ExternalPolicyAdapter, periodIndex: Int, reportSlot: UInt64, _ io: NodeIO) {
        for r in adapter.lastUnreadable {
            report.actions.append(OrchestrationReport.Action(
                id: 0, periodIndex: periodIndex, slot: reportSlot, node: "", type: "unreadable", detail: r.action, reason: "",
                accepted: false, refusal: "actions[\(r.index ?? 0)]: \(r.reason)"))
            io.logger.warning("external policy action refused", metadata: ["index": "\(r.index ?? 0)", "reason": "\(r.reason)"])
        }
        switch adapter.lastOutcome {
        case .answered: break
        case .unusable(let why):
            report.externalUnusable += 1
            io.logger.warning("external policy answer not used", metadata: ["reason": "\(why)"])
        case .malformed(let why):
            report.externalUnusable += 1
            io.logger.warning("external policy answer malformed", metadata: ["reason": "\(why)", "in_a_row": "\(watch.missedInARow + 1)"])
        case .unanswered(let why):
            report.externalTimeouts += 1
            io.logger.warning("external policy gave no answer", metadata: ["error": "\(why)", "in_a_row": "\(watch.missedInARow + 1)"])
        }
        switch watch.observe(adapter.lastOutcome) {
        case .carryOn:
            break
        case .stop(let why):
            failure = why
            io.logger.error("external policy gave no usable answer", metadata: ["endpoint": "\(watch.endpoint)"])
        case let .handOver(fallback, why):
            loop.replacePolicy(with: Self.policy(fallback, topology: topology))
            external?.close()
            external = nil
            report.fallback = OrchestrationReport.Fallback(
                from: OrchestratorPolicyName.external.rawValue, to: fallback.rawValue, periodIndex: periodIndex + 1,
                slot: reportSlot + periodSlots, timeMs: Double(topology.slotStartNs(reportSlot + 1)) / 1e6, reason: why)
            io.logger.notice("fallback policy takes over", metadata: ["policy": "\(fallback.rawValue)", "period": "\(periodIndex + 1)"])
        }
    }

    /// The final period's reports arrive after the last slot: evaluated (targets, energy) with
    /// no decision, since nothing is left to act on.
    public var collectsAfterEnd: Bool { true }

    public func finishRun(lateUnits: [WireUnit], _ io: NodeIO) {
        for unit in lateUnits { handle(unit, io) }
        for periodIndex in indications.keys.sorted() where periodIndex >= snapshots.count {
            let reportSlot = UInt64(periodIndex + 1) * periodSlots - 1
            guard reportSlot < topology.totalSlots else { continue }
            _ = closePeriod(periodIndex, reportSlot: reportSlot, io, decide: false)
        }
    }

    /// Joins a period's reports into a snapshot, records its power, and (when deciding) runs the policy.
    private func closePeriod(_ periodIndex: Int, reportSlot: UInt64, _ io: NodeIO, decide: Bool = true) -> [ActionLogEntry] {
        let reports = indications.removeValue(forKey: periodIndex) ?? []
        var snapshot = makeSnapshot(periodIndex: periodIndex, slot: reportSlot, reports)
        snapshot.unreachableNodes = noteReachability(periodIndex: periodIndex, reports, io)
        snapshots.append(snapshot)
        recordPower(snapshot)
        report.periods = snapshots.count
        return decide ? loop.step(snapshot) : []
    }

    /// The reporters whose report for the period did not arrive by its closing slot. Decided from
    /// the reports alone, at a fixed slot of virtual time, so a run replays the same way; a node
    /// is reachable again as soon as one of its reports arrives in time.
    private func noteReachability(periodIndex: Int, _ reports: [KPMIndication], _ io: NodeIO) -> [String] {
        let arrived = Set(reports.map(\.node))
        var missing: [String] = []
        for node in reporters {
            if arrived.contains(node) {
                if let since = unreachableSince.removeValue(forKey: node) {
                    io.logger.notice("node reachable again", metadata: ["node": "\(node)", "period": "\(periodIndex)",
                                                                        "missed_periods": "\(periodIndex - since)"])
                }
                continue
            }
            missing.append(node)
            report.unreachablePeriods = report.unreachablePeriods ?? [:]
            report.unreachablePeriods?[node, default: 0] += 1
            if unreachableSince[node] == nil {
                unreachableSince[node] = periodIndex
                io.logger.warning("node unreachable: no E2 report", metadata: ["node": "\(node)", "period": "\(periodIndex)"])
            }
        }
        return missing
    }

    private func send(_ entry: ActionLogEntry, _ io: NodeIO) {
        let detail = String(decoding: JSONBytes.encode(entry.action.kind), as: UTF8.self)
        // A node cannot act before a request reaches it.
        let slot = max(entry.action.applyAtSlot, io.slot + e2DelaySlots)
        report.actions.append(OrchestrationReport.Action(
            id: entry.actionID, periodIndex: entry.periodIndex, slot: slot, node: entry.targetNode,
            type: entry.action.kind.typeName, detail: detail, reason: entry.action.reason, accepted: entry.accepted,
            refusal: entry.refusal))
        guard entry.accepted, let link = io.link(to: entry.targetNode) else { return }
        let action = entry.action.kind
        logIndex[UInt32(entry.actionID)] = report.actions.count - 1
        let request = RCControlRequest(actionId: UInt32(entry.actionID), targetNode: entry.targetNode,
                                       applyAtSlot: slot, action: action, reason: entry.action.reason)
        io.send(link: link, request)
        // The RU's DU gets a copy of sleep and wake, to stop and resume the cell at the same slot.
        switch action {
        case .ruSleep, .ruWake:
            if let du = topology.node(entry.targetNode)?.du, let duLink = io.link(to: du) { io.send(link: duLink, request) }
        default:
            break
        }
    }

    /// Joins the period's KPM reports; servers from the model (state, utilisation of their vDUs' cores).
    private func makeSnapshot(periodIndex: Int, slot: UInt64, _ reports: [KPMIndication]) -> KPISnapshot {
        let ordered = reports.sorted { $0.node < $1.node }
        let cells = ordered.flatMap(\.cells).map { c in
            CellKPI(cellID: c.cell, prbUseDL: c.prbUseDL, prbUseUL: c.prbUseUL, throughputDLMbps: c.throughputDLMbps,
                    throughputULMbps: c.throughputULMbps, activeUEs: c.activeUEs, bufferBytes: c.bufferBytes,
                    meanBitsPerRE: c.meanBitsPerRE, scheduledUEsPerSlot: c.scheduledUEsPerSlot,
                    slices: c.slices.map { SliceKPI(sliceID: $0.slice, prbUse: $0.prbUse, latencyP50Ms: $0.latencyP50Ms,
                                                    latencyP99Ms: $0.latencyP99Ms, throughputMbps: $0.throughputMbps) })
        }
        let vdus = ordered.flatMap(\.vdus).map {
            VDUKPI(vduID: $0.vdu, coresAllocated: $0.coresAllocated, utilisation: $0.utilisation,
                   processingP99Us: $0.processingP99Us, lateSlots: $0.lateSlots)
        }
        let vcus = ordered.flatMap(\.vcus).map {
            VCUKPI(vcuID: $0.vcu, coresAllocated: $0.coresAllocated, utilisation: $0.utilisation,
                   processingP99Us: $0.processingP99Us, lateSlots: $0.lateSlots, packets: $0.packets)
        }
        let rus = ordered.flatMap(\.rus).map {
            RUKPI(ruID: $0.ru, state: (try? RUStateCoding.decode(name: $0.state, depth: $0.sleepDepth)) ?? .active,
                  powerW: $0.powerW, load: $0.load)
        }
        let model = loop.model
        let servers = model.servers.map { server -> ServerKPI in
            var busy = 0.0
            for v in model.vdus where v.serverID == server.id || v.migratingToServerID == server.id {
                let kpi = vdus.first { $0.vduID == v.id }
                busy += pinnedCores ? Double(v.cores) : Double(v.cores) * (kpi?.utilisation ?? 0)
            }
            for v in model.vcus where v.serverID == server.id {
                let kpi = vcus.first { $0.vcuID == v.id }
                busy += pinnedCores ? Double(v.cores) : Double(v.cores) * (kpi?.utilisation ?? 0)
            }
            let utilisation = min(1, busy / Double(max(1, server.power.cores)))
            return ServerKPI(serverID: server.id, state: server.state,
                             powerW: server.power.powerW(utilisation: utilisation, frequencyScale: server.frequencyScale, state: server.state),
                             utilisation: utilisation)
        }
        return KPISnapshot(periodIndex: periodIndex, slot: slot, periodSlots: Int(periodSlots), cells: cells, vdus: vdus,
                           vcus: vcus, rus: rus, servers: servers, transport: transportPower(cells))
    }

    /// Fronthaul links (terrestrial cells: the split 7.2x IQ rate of the PRBs used, both
    /// directions) and bent-pipe NTN payloads (the service link's load). A regenerative payload
    /// is the RU itself and reports its own power.
    private func transportPower(_ cells: [CellKPI]) -> [TransportPowerKPI] {
        var found: [TransportPowerKPI] = []
        let slotUs = topology.numerology.slotDurationUs
        for kpi in cells {
            guard let cell = topology.scenario.cells.first(where: { $0.name == kpi.cellID }) else { continue }
            if let ntn = cell.ntn {
                if ntn.payload == .transparent {
                    found.append(TransportPowerKPI(id: "payload:\(cell.name)", kind: "payload",
                                                   powerW: NTNPayloadPowerModel(kind: .transparent).powerW(load: kpi.prbUse)))
                }
                continue
            }
            let (width, compressed) = Self.iqBitWidth(cell.fronthaulCompression)
            let gbps = FronthaulIQRate.gbps(prbsPerSlot: (kpi.prbUseDL + kpi.prbUseUL) * Double(cell.prbs), iqBitWidth: width,
                                            compressed: compressed, slotDurationUs: slotUs)
            found.append(TransportPowerKPI(id: "\(cell.du)-\(cell.ru)", kind: "fronthaul",
                                           powerW: FronthaulPowerModel().powerW(throughputGbps: gbps)))
        }
        return found
    }

    static func iqBitWidth(_ c: FronthaulCompression) -> (Int, Bool) {
        switch c {
        case .none: (16, false)
        case .bfp8: (8, true)
        case .bfp9: (9, true)
        case .bfp12: (12, true)
        case .bfp14: (14, true)
        }
    }

    private func recordPower(_ s: KPISnapshot) {
        let seconds = Double(periodSlots) * topology.numerology.slotDurationUs / 1e6
        let timeMs = Double(topology.slotStartNs(s.slot + 1)) / 1e6
        for r in s.rus {
            report.power.append(.init(periodIndex: s.periodIndex, timeMs: timeMs, node: r.ruID, kind: "ru",
                                      powerW: r.powerW, energyJ: r.powerW * seconds))
        }
        for v in s.servers {
            report.power.append(.init(periodIndex: s.periodIndex, timeMs: timeMs, node: v.serverID, kind: "server",
                                      powerW: v.powerW, energyJ: v.powerW * seconds))
        }
        for t in s.transport {
            report.power.append(.init(periodIndex: s.periodIndex, timeMs: timeMs, node: t.id, kind: t.kind,
                                      powerW: t.powerW, energyJ: t.powerW * seconds))
        }
    }

    public func orchestrationProgress() -> OrchestrationProgress? {
        var p = OrchestrationProgress()
        if let last = report.power.last?.periodIndex {
            p.power = report.power.reversed().prefix { $0.periodIndex == last }.reversed()
        }
        for a in report.actions { p.actionsByKind[a.type, default: 0] += 1 }
        return p
    }

    public func fillReport(_ r: inout NodeReport) {
        external?.close()
        let seconds = Double(periodSlots) * topology.numerology.slotDurationUs / 1e6
        var energy = RunSummary.Energy()
        for p in report.power {
            energy.perNodeJ[p.node, default: 0] += p.energyJ
            energy.perKindJ[p.kind, default: 0] += p.energyJ
        }
        // In log order: a sum over a dictionary would change in its last bits from run to run.
        energy.totalJ = report.power.reduce(0) { $0 + $1.energyJ }
        var attainment = RunSummary.Attainment()
        if !snapshots.isEmpty {
            let a = TargetAttainment.evaluate(snapshots: snapshots, periodDurationS: seconds, targets: loop.targets)
            attainment.periods = snapshots.count
            attainment.total = a.latencyAttainment
            attainment.perSlice = a.sliceLatencyAttainment
            attainment.worstP99Ms = a.sliceWorstP99Ms
            attainment.throughputMbps = a.throughputMbps
            attainment.throughputFloor = a.throughputFloorAttainment
            attainment.powerBudget = a.powerBudgetAttainment
            energy.averageW = energy.totalJ / (Double(snapshots.count) * seconds)
            energy.bitsPerJoule = energy.totalJ > 0 ? a.bits / energy.totalJ : 0
        }
        report.energy = energy
        report.attainment = attainment
        r.orchestration = report
    }
}
