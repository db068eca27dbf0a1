import Foundation
import Power

/// E2-like interface between the orchestrator (near-RT RIC role) and every node: setup, KPM
/// indications (reports) and RC control (actions). JSON bodies, as the other control messages.
/// Modelled on O-RAN E2AP with the E2SM-KPM and E2SM-RC service models, without ASN.1.
public enum E2Interface {
    /// The E2 interface id, 11 on the wire.
    public static let e2Interface: InterfaceID = .e2
}

/// E2 message types.
public enum E2MessageType {
    public static let setupRequest: UInt8 = SetupMessageType.request
    public static let setupResponse: UInt8 = SetupMessageType.response
    public static let setupFailure: UInt8 = SetupMessageType.failure
    public static let kpmIndication: UInt8 = 4
    public static let rcControlRequest: UInt8 = 5
    public static let rcControlAck: UInt8 = 6
}

/// RAN functions a node offers over E2 (E2SM names).
public enum E2RANFunction: String, Codable, Sendable, CaseIterable {
    /// Key performance measurement reports.
    case kpm = "KPM"
    /// RAN control.
    case rc = "RC"
}

/// Node -> orchestrator: announce the node and the RAN functions it offers.
public struct E2SetupRequest: ControlMessage {
    public static var interface: InterfaceID { E2Interface.e2Interface }
    public static let messageType = E2MessageType.setupRequest
    public var node: String
    /// `du`, `cu`, `ru`, `ocloud`, ...
    public var role: String
    public var vendor: String
    public var versions: [Int]
    public var ranFunctions: [E2RANFunction]
    public init(node: String, role: String, vendor: String, versions: [Int], ranFunctions: [E2RANFunction]) {
        self.node = node; self.role = role; self.vendor = vendor; self.versions = versions; self.ranFunctions = ranFunctions
    }
}

/// Orchestrator -> node: accepted, with the version and reporting period.
public struct E2SetupResponse: ControlMessage {
    public static var interface: InterfaceID { E2Interface.e2Interface }
    public static let messageType = E2MessageType.setupResponse
    public var ricNode: String
    public var version: Int
    /// KPM reporting period, slots.
    public var reportPeriodSlots: Int
    public var acceptedFunctions: [E2RANFunction]
    public init(ricNode: String, version: Int, reportPeriodSlots: Int, acceptedFunctions: [E2RANFunction]) {
        self.ricNode = ricNode; self.version = version; self.reportPeriodSlots = reportPeriodSlots; self.acceptedFunctions = acceptedFunctions
    }
}

/// Orchestrator -> node: setup refused (no common version).
public struct E2SetupFailure: ControlMessage {
    public static var interface: InterfaceID { E2Interface.e2Interface }
    public static let messageType = E2MessageType.setupFailure
    public var failure: SetupFailure
    public init(failure: SetupFailure) { self.failure = failure }
}

/// KPM of one slice in one cell.
public struct E2SliceMeasurement: Codable, Sendable, Equatable {
    public var slice: String
    /// Fraction of the cell's PRBs used by the slice.
    public var prbUse: Double
    public var latencyP50Ms: Double
    public var latencyP99Ms: Double
    public var throughputMbps: Double
    public init(slice: String, prbUse: Double, latencyP50Ms: Double, latencyP99Ms: Double, throughputMbps: Double) {
        self.slice = slice; self.prbUse = prbUse; self.latencyP50Ms = latencyP50Ms; self.latencyP99Ms = latencyP99Ms; self.throughputMbps = throughputMbps
    }
}

/// KPM of one cell (DU report).
public struct E2CellMeasurement: Codable, Sendable, Equatable {
    public var cell: String
    public var prbUseDL: Double
    public var prbUseUL: Double
    public var throughputDLMbps: Double
    public var throughputULMbps: Double
    public var activeUEs: Int
    public var bufferBytes: Int
    /// Mean Q_m * R of scheduled PRBs.
    public var meanBitsPerRE: Double
    public var scheduledUEsPerSlot: Double
    public var slices: [E2SliceMeasurement]
    public init(cell: String, prbUseDL: Double, prbUseUL: Double, throughputDLMbps: Double, throughputULMbps: Double, activeUEs: Int,
                bufferBytes: Int, meanBitsPerRE: Double, scheduledUEsPerSlot: Double, slices: [E2SliceMeasurement]) {
        self.cell = cell; self.prbUseDL = prbUseDL; self.prbUseUL = prbUseUL; self.throughputDLMbps = throughputDLMbps
        self.throughputULMbps = throughputULMbps; self.activeUEs = activeUEs; self.bufferBytes = bufferBytes
        self.meanBitsPerRE = meanBitsPerRE; self.scheduledUEsPerSlot = scheduledUEsPerSlot; self.slices = slices
    }
}

/// KPM of one vDU (compute).
public struct E2VDUMeasurement: Codable, Sendable, Equatable {
    public var vdu: String
    public var coresAllocated: Int
    /// Busy fraction of the allocated cores.
    public var utilisation: Double
    public var processingP99Us: Double
    public var lateSlots: Int
    public init(vdu: String, coresAllocated: Int, utilisation: Double, processingP99Us: Double, lateSlots: Int) {
        self.vdu = vdu; self.coresAllocated = coresAllocated; self.utilisation = utilisation
        self.processingP99Us = processingP99Us; self.lateSlots = lateSlots
    }
}

/// KPM of one vCU (CU-UP compute: PDCP and GTP-U per packet).
public struct E2VCUMeasurement: Codable, Sendable, Equatable {
    public var vcu: String
    public var coresAllocated: Int
    /// Busy fraction of the allocated cores.
    public var utilisation: Double
    /// 99th percentile of the time a packet waited for the vCU beyond its arrival slot, us
    /// (0 while the vCU keeps up).
    public var processingP99Us: Double
    /// Slots that ended with work still queued (the vCU fell behind).
    public var lateSlots: Int
    /// User-plane packets processed.
    public var packets: Int
    /// Packets dropped because the backlog was full.
    public var dropped: Int
    public init(vcu: String, coresAllocated: Int, utilisation: Double, processingP99Us: Double, lateSlots: Int, packets: Int, dropped: Int) {
        self.vcu = vcu; self.coresAllocated = coresAllocated; self.utilisation = utilisation
        self.processingP99Us = processingP99Us; self.lateSlots = lateSlots; self.packets = packets; self.dropped = dropped
    }
}

/// KPM of one RU (power).
public struct E2RUMeasurement: Codable, Sendable, Equatable {
    public var ru: String
    /// `active`, `enteringSleep`, `sleep`, `wakingUp`.
    public var state: String
    /// 1-4 when asleep or entering sleep.
    public var sleepDepth: Int?
    public var powerW: Double
    public var load: Double
    public init(ru: String, state: String, sleepDepth: Int?, powerW: Double, load: Double) {
        self.ru = ru; self.state = state; self.sleepDepth = sleepDepth; self.powerW = powerW; self.load = load
    }
}

/// Node -> orchestrator: the measurements of one reporting period. A node fills the lists that
/// concern it (a DU: cells and vDUs; a CU: vCUs; an RU: rus) and leaves the others empty; an
/// absent list reads as empty.
public struct KPMIndication: ControlMessage {
    public static var interface: InterfaceID { E2Interface.e2Interface }
    public static let messageType = E2MessageType.kpmIndication
    public var node: String
    public var periodIndex: Int
    /// Last slot of the period.
    public var slot: UInt64
    public var periodSlots: Int
    public var cells: [E2CellMeasurement]
    public var vdus: [E2VDUMeasurement]
    public var vcus: [E2VCUMeasurement]
    public var rus: [E2RUMeasurement]
    public init(node: String, periodIndex: Int, slot: UInt64, periodSlots: Int, cells: [E2CellMeasurement] = [],
                vdus: [E2VDUMeasurement] = [], vcus: [E2VCUMeasurement] = [], rus: [E2RUMeasurement] = []) {
        self.node = node; self.periodIndex = periodIndex; self.slot = slot; self.periodSlots = periodSlots
        self.cells = cells; self.vdus = vdus; self.vcus = vcus; self.rus = rus
    }

    private enum CodingKeys: String, CodingKey { case node, periodIndex, slot, periodSlots, cells, vdus, vcus, rus }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        node = try c.decode(String.self, forKey: .node)
        periodIndex = try c.decode(Int.self, forKey: .periodIndex)
        slot = try c.decode(UInt64.self, forKey: .slot)
        periodSlots = try c.decode(Int.self, forKey: .periodSlots)
        cells = try c.decodeIfPresent([E2CellMeasurement].self, forKey: .cells) ?? []
        vdus = try c.decodeIfPresent([E2VDUMeasurement].self, forKey: .vdus) ?? []
        vcus = try c.decodeIfPresent([E2VCUMeasurement].self, forKey: .vcus) ?? []
        rus = try c.decodeIfPresent([E2RUMeasurement].self, forKey: .rus) ?? []
    }
}

/// An RC control action: what the orchestrator asks a node to do. The one action type of the
/// project: policies produce it, the orchestration loop checks it against its model, the E2 RC
/// request carries it and the nodes apply it.
///
/// JSON (``Codable``): a flat object with a `type` discriminator and the fields of that type,
/// e.g. `{"cores":6,"type":"setCores","vdu":"du1"}`. The same form is the `action` of an E2 RC
/// control request and of an external policy's response (docs/interfaces.md, docs/orchestrator.md).
public enum RCAction: Sendable, Equatable, Hashable {
    /// Give a vDU this many cores.
    case setCores(vdu: String, cores: Int)
    /// Give a vCU this many cores.
    case setVCUCores(vcu: String, cores: Int)
    /// Move a vDU to another server; it holds cores on both until the migration completes.
    case migrate(vdu: String, toServer: String)
    /// Put an RU to sleep in a mode (its UEs must have been steered away first); `depth` on the
    /// wire is 1-4 (SM1-SM4).
    case ruSleep(ru: String, depth: RUSleepDepth)
    /// Wake an RU.
    case ruWake(ru: String)
    /// Set a slice's PRB quota in a cell, shares of the cell's PRBs.
    case setSliceQuota(cell: String, slice: String, minShare: Double, maxShare: Double)
    /// Hand `count` UEs over from one cell to another.
    case steerUEs(fromCell: String, toCell: String, count: Int)
    /// Switch a server on or off.
    case serverPower(server: String, on: Bool)

    /// The `type` values on the wire, one per case. Decoding switches over these, so a new case
    /// cannot be encoded without also being decoded.
    public enum ActionType: String, Sendable, CaseIterable {
        case setCores, setVCUCores, migrate, ruSleep, ruWake, setSliceQuota, steerUEs, serverPower
    }

    /// The action's `type` on the wire.
    public var type: ActionType {
        switch self {
        case .setCores: .setCores
        case .setVCUCores: .setVCUCores
        case .migrate: .migrate
        case .ruSleep: .ruSleep
        case .ruWake: .ruWake
        case .setSliceQuota: .setSliceQuota
        case .steerUEs: .steerUEs
        case .serverPower: .serverPower
        }
    }

    /// The `type` value on the wire, e.g. `setCores`.
    public var typeName: String { type.rawValue }
}

extension RCAction: Codable {
    private enum Key: String, CodingKey {
        case type, vdu, vcu, cores, toServer, ru, depth, cell, slice, minShare, maxShare, fromCell, toCell, count, server, on
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: Key.self)
        let name = try c.decode(String.self, forKey: .type)
        guard let type = ActionType(rawValue: name) else {
            throw DecodingError.dataCorruptedError(forKey: .type, in: c, debugDescription: "unknown RC action type \(name); expected one of \(ActionType.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        switch type {
        case .setCores: self = .setCores(vdu: try c.decode(String.self, forKey: .vdu), cores: try c.decode(Int.self, forKey: .cores))
        case .setVCUCores: self = .setVCUCores(vcu: try c.decode(String.self, forKey: .vcu), cores: try c.decode(Int.self, forKey: .cores))
        case .migrate: self = .migrate(vdu: try c.decode(String.self, forKey: .vdu), toServer: try c.decode(String.self, forKey: .toServer))
        case .ruSleep:
            // Checked here, so a peer's bad depth is a decode error at the gateway.
            let raw = try c.decode(Int.self, forKey: .depth)
            guard let depth = RUSleepDepth(rawValue: raw) else {
                throw DecodingError.dataCorruptedError(forKey: .depth, in: c, debugDescription: "sleep depth \(raw) not in 1...4")
            }
            self = .ruSleep(ru: try c.decode(String.self, forKey: .ru), depth: depth)
        case .ruWake: self = .ruWake(ru: try c.decode(String.self, forKey: .ru))
        case .setSliceQuota:
            self = .setSliceQuota(cell: try c.decode(String.self, forKey: .cell), slice: try c.decode(String.self, forKey: .slice),
                                  minShare: try c.decode(Double.self, forKey: .minShare), maxShare: try c.decode(Double.self, forKey: .maxShare))
        case .steerUEs:
            self = .steerUEs(fromCell: try c.decode(String.self, forKey: .fromCell), toCell: try c.decode(String.self, forKey: .toCell),
                             count: try c.decode(Int.self, forKey: .count))
        case .serverPower: self = .serverPower(server: try c.decode(String.self, forKey: .server), on: try c.decode(Bool.self, forKey: .on))
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: Key.self)
        try c.encode(typeName, forKey: .type)
        switch self {
        case let .setCores(vdu, cores): try c.encode(vdu, forKey: .vdu); try c.encode(cores, forKey: .cores)
        case let .setVCUCores(vcu, cores): try c.encode(vcu, forKey: .vcu); try c.encode(cores, forKey: .cores)
        case let .migrate(vdu, to): try c.encode(vdu, forKey: .vdu); try c.encode(to, forKey: .toServer)
        case let .ruSleep(ru, depth): try c.encode(ru, forKey: .ru); try c.encode(depth.rawValue, forKey: .depth)
        case let .ruWake(ru): try c.encode(ru, forKey: .ru)
        case let .setSliceQuota(cell, slice, minShare, maxShare):
            try c.encode(cell, forKey: .cell); try c.encode(slice, forKey: .slice)
            try c.encode(minShare, forKey: .minShare); try c.encode(maxShare, forKey: .maxShare)
        case let .steerUEs(from, to, count): try c.encode(from, forKey: .fromCell); try c.encode(to, forKey: .toCell); try c.encode(count, forKey: .count)
        case let .serverPower(server, on): try c.encode(server, forKey: .server); try c.encode(on, forKey: .on)
        }
    }
}

/// Orchestrator -> node: apply an action at a slot.
public struct RCControlRequest: ControlMessage {
    public static var interface: InterfaceID { E2Interface.e2Interface }
    public static let messageType = E2MessageType.rcControlRequest
    public var actionId: UInt32
    public var targetNode: String
    public var applyAtSlot: UInt64
    public var action: RCAction
    public var reason: String
    public init(actionId: UInt32, targetNode: String, applyAtSlot: UInt64, action: RCAction, reason: String) {
        self.actionId = actionId; self.targetNode = targetNode; self.applyAtSlot = applyAtSlot; self.action = action; self.reason = reason
    }
}

/// Node -> orchestrator: the action was applied (at `appliedAtSlot`) or refused (with `reason`).
public struct RCControlAck: ControlMessage {
    public static var interface: InterfaceID { E2Interface.e2Interface }
    public static let messageType = E2MessageType.rcControlAck
    public var actionId: UInt32
    public var accepted: Bool
    /// Why it was refused; absent when accepted.
    public var reason: String?
    /// Slot at which it took effect; absent when refused.
    public var appliedAtSlot: UInt64?
    public init(actionId: UInt32, accepted: Bool, reason: String? = nil, appliedAtSlot: UInt64? = nil) {
        self.actionId = actionId; self.accepted = accepted; self.reason = reason; self.appliedAtSlot = appliedAtSlot
    }
}
