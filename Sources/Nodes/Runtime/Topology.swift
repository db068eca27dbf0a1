import Foundation
import Interfaces
import Power
import Radio
import Scenario

/// Everything every node derives identically from the scenario: node indices, which
/// links exist with which delay, and the UE population with its positions.
///
/// Built from the scenario and the seed only, so two processes on two hosts agree.
public struct Topology: Sendable {
    public struct Link: Sendable, Equatable {
        public var peer: String
        public var peerIndex: UInt16
        /// One-way delay of the link in whole slots (>= 1): its lookahead in virtual time.
        public var delaySlots: UInt64
        public var interfaces: [InterfaceID]
    }

    public struct UE: Sendable, Equatable {
        public var id: UInt32
        public var name: String
        public var group: String
        public var groupIndex: Int
        public var cell: Int
        public var hostNode: String
        /// Position in metres (x, y, height).
        public var position: [Double]
        public var supi: String { String(format: "imsi-00101%010u", id) }
        /// Address the core allocates to this UE's PDU session (10.45.0.0/16).
        public var ipv4: UInt32 { 0x0A2D_0000 | (id + 2) }
    }

    public let scenario: Scenario
    public let numerology: Numerology
    public let totalSlots: UInt64
    public let ues: [UE]
    /// Folder of the scenario file, for files it names (TLE).
    public var scenarioDirectory = "."
    /// One-way delays of the interfaces, with a satellite backhaul (`ntn.backhaul`) applied.
    public let linkDelays: LinkDelays

    public init(scenario: Scenario) {
        self.scenario = scenario
        numerology = Numerology(mu: scenario.numerology)
        totalSlots = UInt64((scenario.durationMs * 1000 / numerology.slotDurationUs).rounded(.up))
        var ues: [UE] = []
        for (g, group) in scenario.ueGroups.enumerated() {
            let cellIndex = scenario.cells.firstIndex { $0.name == group.cell } ?? 0
            let site = scenario.cells[cellIndex].position
            var rng = SeededGenerator(seed: scenario.seed, stream: 0x5E_0000 + UInt64(g))
            for i in 0..<group.count {
                let (r, angle): (Double, Double)
                switch group.placement.kind {
                case .ring:
                    r = group.placement.radiusM
                    angle = 2 * Double.pi * Double(i) / Double(group.count)
                case .random:
                    // Uniform over the annulus: sample r^2 uniformly.
                    let lo = group.placement.minRadiusM * group.placement.minRadiusM
                    let hi = group.placement.radiusM * group.placement.radiusM
                    r = (lo + (hi - lo) * Double.random(in: 0..<1, using: &rng)).squareRoot()
                    angle = Double.random(in: 0..<(2 * Double.pi), using: &rng)
                }
                ues.append(UE(id: UInt32(ues.count), name: "\(group.name)-\(i)", group: group.name, groupIndex: g,
                              cell: cellIndex, hostNode: group.node,
                              position: [site[0] + r * cos(angle), site[1] + r * sin(angle), 1.5]))
            }
        }
        self.ues = ues
        var delays = scenario.links
        if let ntn = scenario.ntn, let backhaul = ntn.backhaul,
           let ms = NTNGeometry(config: ntn, scenarioDirectory: ".").backhaulOneWayDelayMs(platform: backhaul.platform) {
            switch backhaul.interface {
            case .ng: delays.ngUs += ms * 1000
            case .f1: delays.f1Us += ms * 1000
            }
        }
        linkDelays = delays
    }

    public func nodeIndex(_ name: String) -> UInt16 {
        UInt16(scenario.nodes.firstIndex { $0.name == name } ?? 0)
    }

    public func node(_ name: String) -> NodeConfig? { scenario.node(named: name) }

    public func vendor(of node: String) -> VendorProfile? {
        self.node(node)?.vendor.flatMap { scenario.vendor(named: $0) }
    }

    public var slotDurationNs: UInt64 { UInt64(numerology.slotDurationUs * 1000) }

    public func slotStartNs(_ slot: UInt64) -> UInt64 { slot * slotDurationNs }

    /// Whole slots (>= 1) for a one-way delay.
    public func delaySlots(us: Double) -> UInt64 {
        max(1, UInt64((us / numerology.slotDurationUs - 1e-9).rounded(.up)))
    }

    /// The most slots an NTN link adds to a message on top of its link's delay (0 without NTN).
    public var maxExtraDelaySlots: UInt64 {
        guard scenario.ntn != nil else { return 0 }
        return UInt64((NTNLinks.maxOneWayDelayMs * 1000 / numerology.slotDurationUs).rounded(.up))
    }

    /// The links of a node, in a fixed order.
    public func links(of name: String) -> [Link] {
        guard let me = node(name) else { return [] }
        let d = linkDelays
        func link(_ peer: String, _ us: Double, _ interfaces: [InterfaceID]) -> Link {
            Link(peer: peer, peerIndex: nodeIndex(peer), delaySlots: delaySlots(us: us), interfaces: interfaces)
        }
        let nodes = scenario.nodes
        // E2: every cu, du and ru talks to the orchestrator, when the scenario has one.
        let e2: [Link] = nodes.first { $0.role == .orchestrator }.map { [link($0.name, d.e2Us, [.e2])] } ?? []
        switch me.role {
        case .core:
            return nodes.filter { $0.role == .cu && $0.core == name }.map { link($0.name, d.ngUs, [.ngControl, .ngUser]) }
        case .cu:
            return [link(me.core ?? "", d.ngUs, [.ngControl, .ngUser])]
                + nodes.filter { $0.role == .du && $0.cu == name }.map { link($0.name, d.f1Us, [.f1Control, .f1User]) } + e2
        case .du:
            let rus = scenario.cells.filter { $0.du == name }.map(\.ru)
            return [link(me.cu ?? "", d.f1Us, [.f1Control, .f1User])]
                + rus.map { link($0, d.fronthaulUs, [.fronthaulManagement, .fronthaulControl, .fronthaulUser]) } + e2
        case .ru:
            let channel = nodes.first { $0.role == .channel }?.name ?? ""
            return [link(me.du ?? "", d.fronthaulUs, [.fronthaulManagement, .fronthaulControl, .fronthaulUser]),
                    link(channel, d.airUs, [.air])] + e2
        case .orchestrator:
            return nodes.filter { $0.role == .cu || $0.role == .du || $0.role == .ru }.map { link($0.name, d.e2Us, [.e2]) }
        case .channel:
            let rus = scenario.cells.map(\.ru)
            let ueNodes = nodes.filter { $0.role == .ue }.map(\.name)
            return (rus + ueNodes).map { link($0, d.airUs, [.air]) }
        case .ue:
            let channel = nodes.first { $0.role == .channel }?.name ?? ""
            return [link(channel, d.airUs, [.air])]
        }
    }

    /// The cells a DU serves, as indices into `scenario.cells`.
    public func cellIndices(ofDU du: String) -> [Int] {
        scenario.cells.indices.filter { scenario.cells[$0].du == du }
    }

    public func cellIndex(ofRU ru: String) -> Int? { scenario.cells.firstIndex { $0.ru == ru } }

    /// Cells that can take a cell's UEs: its `neighbours`, else the other cells of its du (none
    /// for an NTN cell, which is the last resort rather than a cell to empty).
    public func neighbourCells(of i: Int) -> [Int] {
        let cells = scenario.cells
        if let names = cells[i].neighbours { return names.compactMap { n in cells.firstIndex { $0.name == n } } }
        guard cells[i].ntn == nil else { return [] }
        return cells.indices.filter { $0 != i && cells[$0].du == cells[i].du }
    }

    /// Cells whose UEs can end up in a du's cells: its own cells and every cell that has one of
    /// them as a neighbour.
    public func steeringReach(ofDU du: String) -> Set<Int> {
        let mine = Set(cellIndices(ofDU: du))
        return mine.union(scenario.cells.indices.filter { !mine.isDisjoint(with: neighbourCells(of: $0)) })
    }

    /// The orchestrator node's name, if the scenario has one.
    public var orchestratorName: String? { scenario.nodes.first { $0.role == .orchestrator }?.name }

    /// Slots per orchestration (KPM reporting) period.
    public var orchestrationPeriodSlots: UInt64 {
        let ms = scenario.orchestrator?.periodMs ?? 100
        return max(1, UInt64((ms * 1000 / numerology.slotDurationUs).rounded()))
    }

    /// Cores a du (vDU) or cu (vCU) starts with: its `cores`, else an even share of what the
    /// other nodes on its server leave; nil without a server.
    public func initialCores(of name: String) -> Int? {
        guard let node = node(name), let serverName = node.server,
              let server = scenario.servers.first(where: { $0.name == serverName }) else { return nil }
        if let cores = node.cores { return cores }
        let onServer = scenario.nodes.filter { ($0.role == .du || $0.role == .cu) && $0.server == serverName }
        let fixed = onServer.compactMap(\.cores).reduce(0, +)
        let shared = onServer.filter { $0.cores == nil }.count
        return max(1, (server.cores - fixed) / max(1, shared))
    }

    /// A server's clock relative to nominal (1 for an unknown server).
    public func frequencyScale(ofServer name: String?) -> Double {
        scenario.servers.first { $0.name == name }?.frequencyScale ?? 1
    }

    /// The processing model of a vDU or vCU: its vendor's preset with the vendor's own
    /// coefficients over it, scaled; nil for a node without a server.
    public func computeModel(of name: String) -> VRANComputeModel? {
        guard node(name)?.server != nil else { return nil }
        let vendor = vendor(of: name)
        let p: VRANComputeModel = vendor?.computeModel == .acceleratedLDPC ? .acceleratedLDPC : .softwareLDPC
        let o = vendor?.compute ?? ComputeOverrides()
        let model = VRANComputeModel(baseUs: o.baseUs ?? p.baseUs, perPRBLayerUs: o.perPRBLayerUs ?? p.perPRBLayerUs,
                                     perPRBLayerBitUs: o.perPRBLayerBitUs ?? p.perPRBLayerBitUs, perUEUs: o.perUEUs ?? p.perUEUs,
                                     serialFraction: o.serialFraction ?? p.serialFraction,
                                     vcuPerPacketUs: o.vcuPerPacketUs ?? p.vcuPerPacketUs, vcuPerByteUs: o.vcuPerByteUs ?? p.vcuPerByteUs)
        return model.scaled(by: vendor?.computeScale ?? 1)
    }

    /// The power model of an RU: the EARTH class of its vendor's `ruType` with the vendor's own
    /// parameters over it.
    public func ruPowerModel(of ru: String) -> RUPowerModel {
        let vendor = vendor(of: ru)
        let type = BaseStationType(rawValue: vendor?.ruType.rawValue ?? "macro") ?? .macro
        guard let o = vendor?.ruPower else { return RUPowerModel(type: type) }
        let e = EARTHParameters.published(type)
        var model = RUPowerModel(type: type)
        model.earth = EARTHParameters(transceiverCount: o.transceivers ?? e.transceiverCount, maxOutputPowerW: o.maxOutputW ?? e.maxOutputPowerW,
                                      noLoadPowerW: o.noLoadW ?? e.noLoadPowerW, loadSlope: o.loadSlope ?? e.loadSlope,
                                      sleepPowerW: o.sleepW ?? e.sleepPowerW)
        return model
    }
}
