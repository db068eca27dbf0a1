import Foundation
import Orchestrator
import Power
import Scenario

/// The orchestrator's view of a scenario: its resource model, targets and policy.
public enum ScenarioResources {
    /// Servers, vDUs and vCUs (dus and cus with a `server`), RUs, cells and slice quotas as configured.
    ///
    /// An RU's neighbours are the RUs of its cell's neighbour cells (`neighbours`, else the other
    /// cells of its DU), terrestrial ones first and then non-terrestrial (HAPS, satellite) ones:
    /// UEs can be steered there (by the DU, or by the CU between DUs), so an RU can sleep once
    /// its UEs are there; an NTN neighbour is the alternative that keeps UEs covered when no
    /// terrestrial neighbour can take them.
    public static func model(_ topology: Topology) -> ResourceModel {
        let scenario = topology.scenario
        let servers = scenario.servers.map {
            OCloudServer(id: $0.name, power: ServerPowerModel(cores: $0.cores, idlePowerW: $0.idleW, fullLoadPowerW: $0.fullLoadW),
                         frequencyScale: $0.frequencyScale)
        }
        let vdus = scenario.nodes.filter { $0.role == .du && $0.server != nil }.map { du in
            VirtualDU(id: du.name, serverID: du.server ?? "", cores: topology.initialCores(of: du.name) ?? 1,
                      compute: topology.computeModel(of: du.name) ?? .softwareLDPC,
                      cellIDs: scenario.cells.filter { $0.du == du.name }.map(\.name))
        }
        let vcus = scenario.nodes.filter { $0.role == .cu && $0.server != nil }.map { cu in
            VirtualCU(id: cu.name, serverID: cu.server ?? "", cores: topology.initialCores(of: cu.name) ?? 1,
                      compute: topology.computeModel(of: cu.name) ?? .softwareLDPC,
                      duIDs: scenario.nodes.filter { $0.role == .du && $0.cu == cu.name }.map(\.name))
        }
        let rus = scenario.cells.indices.map { i in
            let cell = scenario.cells[i]
            let others = topology.neighbourCells(of: i).map { scenario.cells[$0] }
            let neighbours = others.filter { $0.ntn == nil }.map(\.ru) + others.filter { $0.ntn != nil }.map(\.ru)
            return RadioUnit(id: cell.ru, cellID: cell.name, power: topology.ruPowerModel(of: cell.ru),
                             neighbourRUIDs: neighbours, hasNTNAlternative: others.contains { $0.ntn != nil })
        }
        let cells = scenario.cells.map { cell in
            Cell(id: cell.name, ruID: cell.ru, duID: cell.du, cuID: topology.node(cell.du)?.cu ?? "", prbs: cell.prbs,
                 slices: scenario.slices.map { SliceQuota(sliceID: $0.name, minShare: $0.minPRBShare, maxShare: $0.maxPRBShare) },
                 activeUEs: topology.ues.filter { $0.cell == scenario.cells.firstIndex(of: cell) }.count)
        }
        return ResourceModel(servers: servers, vdus: vdus, vcus: vcus, rus: rus, cells: cells, numerology: scenario.numerology)
    }

    /// Slice latency targets, throughput floors, power budget and energy-saving goal.
    public static func targets(_ scenario: Scenario) -> OrchestrationTargets {
        var latency: [String: Double] = [:], floors: [String: Double] = [:]
        for s in scenario.slices {
            if s.latencyTargetMs > 0 { latency[s.name] = s.latencyTargetMs }
            if let f = scenario.orchestrator?.targets.throughputFloorMbps { floors[s.name] = f }
        }
        return OrchestrationTargets(sliceLatencyP99Ms: latency, sliceThroughputFloorMbps: floors,
                                    powerBudgetW: scenario.orchestrator?.targets.powerBudgetW,
                                    energySavingPercent: scenario.orchestrator?.targets.energySavingPercent)
    }
}

/// The configured policy behind one type, so the loop is built once whatever the scenario says.
public enum ScenarioPolicy: Policy {
    case fixed(StaticPolicy)
    case threshold(ThresholdPolicy)
    case latencyPower(LatencyPowerPolicy)
    case external(ExternalPolicyAdapter)

    /// The policy a scenario names; actions are placed at least `leadSlots` after the report slot.
    public static func make(_ name: OrchestratorPolicyName, leadSlots: UInt64, accounting: CoreLoadAccounting = .pinnedPolling,
                            exchange: ExternalPolicyAdapter.Exchange? = nil) -> ScenarioPolicy {
        switch name {
        case .static: return .fixed(StaticPolicy())
        case .threshold:
            var c = ThresholdPolicy.Configuration(); c.leadSlots = leadSlots
            return .threshold(ThresholdPolicy(configuration: c))
        case .latencyPower:
            var c = LatencyPowerPolicy.Configuration(); c.leadSlots = leadSlots; c.accounting = accounting
            return .latencyPower(LatencyPowerPolicy(configuration: c))
        case .external:
            return .external(ExternalPolicyAdapter(exchange: exchange ?? { _ in throw ExternalPolicyError.badResponse("no external endpoint") }))
        }
    }

    public var name: String {
        switch self {
        case .fixed(let p): p.name
        case .threshold(let p): p.name
        case .latencyPower(let p): p.name
        case .external(let p): p.name
        }
    }

    /// Refusals reach the external policy in its next request; built-in ones plan from the model.
    public mutating func noteRefused(_ refusals: [RefusedAction]) {
        if case .external(var p) = self { p.noteRefused(refusals); self = .external(p) }
    }

    public mutating func decide(snapshot: KPISnapshot, model: ResourceModel, targets: OrchestrationTargets) -> [OrchestratorAction] {
        switch self {
        case .fixed(var p): let a = p.decide(snapshot: snapshot, model: model, targets: targets); self = .fixed(p); return a
        case .threshold(var p): let a = p.decide(snapshot: snapshot, model: model, targets: targets); self = .threshold(p); return a
        case .latencyPower(var p): let a = p.decide(snapshot: snapshot, model: model, targets: targets); self = .latencyPower(p); return a
        case .external(var p): let a = p.decide(snapshot: snapshot, model: model, targets: targets); self = .external(p); return a
        }
    }
}
