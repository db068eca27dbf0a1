import Interfaces
import Power

/// An O-Cloud server that hosts vDUs and vCUs.
public struct OCloudServer: Sendable, Equatable, Codable {
    /// Node identifier, e.g. `srv1`.
    public var id: String
    /// Power and core count.
    public var power: ServerPowerModel
    /// Power state.
    public var state: ServerPowerState
    /// DVFS frequency scale f in [f_min, 1].
    public var frequencyScale: Double
    /// Slot at which a server that is switching on can host work.
    public var bootCompleteSlot: UInt64?

    /// Creates a server.
    /// - Parameters:
    ///   - id: identifier.
    ///   - power: power model (its `cores` is the capacity).
    ///   - state: initial state.
    ///   - frequencyScale: DVFS scale.
    public init(id: String, power: ServerPowerModel = .twoSocketDefault, state: ServerPowerState = .on, frequencyScale: Double = 1) {
        self.id = id
        self.power = power
        self.state = state
        self.frequencyScale = frequencyScale
        self.bootCompleteSlot = nil
    }
}

/// A virtualised DU (high-PHY, MAC, RLC) placed on a server.
public struct VirtualDU: Sendable, Equatable, Codable {
    public var id: String
    /// Server currently running the vDU.
    public var serverID: String
    /// Cores allocated, >= 1.
    public var cores: Int
    /// Processing-time model.
    public var compute: VRANComputeModel
    /// Cells served.
    public var cellIDs: [String]
    /// MIMO layers used for the compute prediction.
    public var layers: Int
    /// Destination of a migration in flight; the vDU holds its cores on both servers meanwhile.
    public var migratingToServerID: String?
    /// Slot at which the migration in flight completes.
    public var migrationCompleteSlot: UInt64?

    /// Creates a vDU.
    /// - Parameters:
    ///   - id: identifier.
    ///   - serverID: hosting server.
    ///   - cores: cores allocated.
    ///   - compute: compute model.
    ///   - cellIDs: cells served.
    ///   - layers: MIMO layers.
    public init(id: String, serverID: String, cores: Int, compute: VRANComputeModel = .softwareLDPC, cellIDs: [String], layers: Int = 1) {
        precondition(cores >= 1 && layers >= 1, "vDU needs at least one core and one layer")
        self.id = id
        self.serverID = serverID
        self.cores = cores
        self.compute = compute
        self.cellIDs = cellIDs
        self.layers = layers
        self.migratingToServerID = nil
        self.migrationCompleteSlot = nil
    }
}

/// A virtualised CU (CU-UP: PDCP and GTP-U per packet) placed on a server. The orchestrator
/// sizes it but never moves it: it anchors the user plane of every UE of its DUs.
public struct VirtualCU: Sendable, Equatable, Codable {
    public var id: String
    public var serverID: String
    /// Cores allocated, >= 1.
    public var cores: Int
    /// Processing model (its per-packet and per-byte terms).
    public var compute: VRANComputeModel
    /// The DUs whose user plane it carries.
    public var duIDs: [String]

    /// Creates a vCU.
    public init(id: String, serverID: String, cores: Int, compute: VRANComputeModel = .softwareLDPC, duIDs: [String] = []) {
        precondition(cores >= 1, "vCU needs at least one core")
        self.id = id
        self.serverID = serverID
        self.cores = cores
        self.compute = compute
        self.duIDs = duIDs
    }
}

/// A radio unit with its power model, sleep state and coverage alternatives.
public struct RadioUnit: Sendable, Equatable, Codable {
    public var id: String
    /// The cell this RU radiates.
    public var cellID: String
    /// EARTH power model and sleep modes.
    public var power: RUPowerModel
    /// Power state as the orchestrator last knew or set it.
    public var state: RUPowerState
    /// RUs whose cells overlap this one's coverage and can take its UEs.
    public var neighbourRUIDs: [String]
    /// Whether an NTN cell (HAPS/satellite) covers this cell's area.
    public var hasNTNAlternative: Bool

    /// Creates a radio unit.
    public init(id: String, cellID: String, power: RUPowerModel = RUPowerModel(type: .rrh), state: RUPowerState = .active,
                neighbourRUIDs: [String] = [], hasNTNAlternative: Bool = false) {
        self.id = id
        self.cellID = cellID
        self.power = power
        self.state = state
        self.neighbourRUIDs = neighbourRUIDs
        self.hasNTNAlternative = hasNTNAlternative
    }
}

/// PRB quota of a slice in a cell, as shares of the cell's PRBs.
public struct SliceQuota: Sendable, Equatable, Codable {
    /// Slice identifier, e.g. `urllc`.
    public var sliceID: String
    /// Guaranteed share in [0, 1].
    public var minShare: Double
    /// Largest share in [minShare, 1].
    public var maxShare: Double

    public init(sliceID: String, minShare: Double, maxShare: Double) {
        self.sliceID = sliceID
        self.minShare = minShare
        self.maxShare = maxShare
    }
}

/// A cell: carrier size, its RU, DU and CU, its slices.
public struct Cell: Sendable, Equatable, Codable {
    public var id: String
    public var ruID: String
    public var duID: String
    /// The CU of its DU: it moves UEs between cells of different DUs.
    public var cuID: String
    /// Carrier PRBs (TS 38.101-1 Table 5.3.2-1).
    public var prbs: Int
    /// Slice quotas.
    public var slices: [SliceQuota]
    /// UEs connected, as last reported.
    public var activeUEs: Int

    public init(id: String, ruID: String, duID: String, cuID: String = "", prbs: Int, slices: [SliceQuota], activeUEs: Int = 0) {
        self.id = id
        self.ruID = ruID
        self.duID = duID
        self.cuID = cuID
        self.prbs = prbs
        self.slices = slices
        self.activeUEs = activeUEs
    }
}

/// What the orchestrator manages: O-Cloud servers, vDUs/vCUs on them, RUs and cells.
///
/// A value: policies receive it read-only; ``apply(_:)`` returns the state after an action.
public struct ResourceModel: Sendable, Equatable, Codable {
    public var servers: [OCloudServer]
    public var vdus: [VirtualDU]
    public var vcus: [VirtualCU]
    public var rus: [RadioUnit]
    public var cells: [Cell]
    /// Numerology mu (TS 38.211 clause 4.2): slot = 1 ms / 2^mu.
    public var numerology: Int
    /// Time a vDU migration takes, ms (state transfer and switch-over).
    public var migrationTimeMs: Double
    /// The migration time of a run, ms: the orchestrator's model and the DU that moves use it both.
    public static let defaultMigrationTimeMs = 50.0
    /// Time to hand a cell's UEs over to a neighbour, ms.
    public var handoverTimeMs: Double

    /// Creates a model.
    public init(servers: [OCloudServer], vdus: [VirtualDU], vcus: [VirtualCU] = [], rus: [RadioUnit], cells: [Cell],
                numerology: Int = 1, migrationTimeMs: Double = defaultMigrationTimeMs, handoverTimeMs: Double = 20) {
        precondition(numerology >= 0 && numerology <= 6 && migrationTimeMs >= 0 && handoverTimeMs >= 0, "model parameters out of range")
        self.servers = servers
        self.vdus = vdus
        self.vcus = vcus
        self.rus = rus
        self.cells = cells
        self.numerology = numerology
        self.migrationTimeMs = migrationTimeMs
        self.handoverTimeMs = handoverTimeMs
    }

    /// Slot duration, us: 1000 / 2^mu (TS 38.211 clause 4.3.2). Also the vDU deadline.
    public var slotDurationUs: Double { 1000 / Double(1 << numerology) }

    /// Whole slots covering a duration (at least one).
    /// - Parameter ms: duration, ms.
    public func slots(forMs ms: Double) -> UInt64 { UInt64(max(1, (ms * 1000 / slotDurationUs).rounded(.up))) }

    /// Slots a migration takes.
    public var migrationSlots: UInt64 { slots(forMs: migrationTimeMs) }
    /// Slots a handover of a cell's UEs takes.
    public var handoverSlots: UInt64 { slots(forMs: handoverTimeMs) }

    /// Slots an RU needs from a wake request until it can transmit (its mode's activation time).
    /// - Parameter ru: the RU, in its current state.
    public func wakeUpSlots(_ ru: RadioUnit) -> UInt64 {
        switch ru.state {
        case .sleep(let d), .enteringSleep(let d): return slots(forMs: ru.power.sleepModes[d].activationUs / 1000)
        case .active, .wakingUp: return 1
        }
    }

    public func serverIndex(_ id: String) -> Int? { servers.firstIndex { $0.id == id } }
    public func vduIndex(_ id: String) -> Int? { vdus.firstIndex { $0.id == id } }
    public func vcuIndex(_ id: String) -> Int? { vcus.firstIndex { $0.id == id } }
    public func ruIndex(_ id: String) -> Int? { rus.firstIndex { $0.id == id } }
    public func cellIndex(_ id: String) -> Int? { cells.firstIndex { $0.id == id } }

    /// The RU radiating a cell.
    public func ru(ofCell cellID: String) -> RadioUnit? { rus.first { $0.cellID == cellID } }

    /// Cores held on a server: its vDUs and vCUs, plus vDUs migrating to it.
    /// - Parameters:
    ///   - serverID: the server.
    ///   - excluding: a vDU or vCU left out of the count (when checking its own resize).
    public func coresInUse(on serverID: String, excluding: String? = nil) -> Int {
        var used = vcus.filter { $0.serverID == serverID && $0.id != excluding }.reduce(0) { $0 + $1.cores }
        for vdu in vdus where vdu.id != excluding && (vdu.serverID == serverID || vdu.migratingToServerID == serverID) {
            used += vdu.cores
        }
        return used
    }

    /// Free cores on a server.
    public func freeCores(on serverID: String) -> Int {
        guard let i = serverIndex(serverID) else { return 0 }
        return servers[i].power.cores - coresInUse(on: serverID)
    }

    /// Whether a server hosts nothing (no vDU, vCU or migration to or from it).
    public func isEmpty(serverID: String) -> Bool { coresInUse(on: serverID) == 0 }

    /// The node an action is sent to over E2: the vDU or vCU, the RU, the DU of the cell (the CU
    /// when UEs are steered between cells of two DUs), or the server.
    /// - Parameter kind: the action.
    /// - Returns: the node identifier.
    public func targetNode(for kind: RCAction) -> String {
        switch kind {
        case .setCores(let vdu, _), .migrate(let vdu, _): return vdu
        case .setVCUCores(let vcu, _): return vcu
        case .ruSleep(let ru, _), .ruWake(let ru): return ru
        case .setSliceQuota(let cell, _, _, _): return cellIndex(cell).map { cells[$0].duID } ?? cell
        case let .steerUEs(from, to, _):
            guard let f = cellIndex(from) else { return from }
            if let t = cellIndex(to), cells[t].duID != cells[f].duID { return cells[f].cuID }
            return cells[f].duID
        case .serverPower(let server, _): return server
        }
    }

    /// The nodes a control request for an action goes to: its target, and for an RU's sleep or
    /// wake also the DU of its cell (which stops and resumes the cell at the same slot).
    public func nodesReached(by kind: RCAction) -> [String] {
        let target = targetNode(for: kind)
        switch kind {
        case .ruSleep(let ru, _), .ruWake(let ru):
            guard let r = ruIndex(ru), let c = cellIndex(rus[r].cellID) else { return [target] }
            return [target, cells[c].duID]
        default:
            return [target]
        }
    }

    /// Completes what is due by a slot: migrations in flight and server boots.
    /// - Parameter slot: the current slot.
    public mutating func advance(toSlot slot: UInt64) {
        for i in vdus.indices {
            if let done = vdus[i].migrationCompleteSlot, done <= slot, let to = vdus[i].migratingToServerID {
                vdus[i].serverID = to
                vdus[i].migratingToServerID = nil
                vdus[i].migrationCompleteSlot = nil
            }
        }
        for i in servers.indices where servers[i].state == .switchingOn {
            if let done = servers[i].bootCompleteSlot, done <= slot {
                servers[i].state = .on
                servers[i].bootCompleteSlot = nil
            }
        }
    }

    /// Takes what a KPM report says about node states: UEs per cell and RU power states.
    /// - Parameter snapshot: the period's KPIs.
    public mutating func absorb(_ snapshot: KPISnapshot) {
        for cell in snapshot.cells {
            if let i = cellIndex(cell.cellID) { cells[i].activeUEs = cell.activeUEs }
        }
        for ru in snapshot.rus {
            if let i = ruIndex(ru.ruID) { rus[i].state = ru.state }
        }
    }
}
