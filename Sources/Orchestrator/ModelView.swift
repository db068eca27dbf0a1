import Power

/// The resource model as an external policy sees it: plain fields, no model internals.
public struct ModelView: Sendable, Equatable, Codable {
    public struct Server: Sendable, Equatable, Codable {
        public var id: String
        public var state: ServerPowerState
        public var cores: Int
        public var freeCores: Int
        public var idlePowerW: Double
        public var fullLoadPowerW: Double
    }
    public struct VDU: Sendable, Equatable, Codable {
        public var id: String
        public var server: String
        public var cores: Int
        public var cells: [String]
        public var migratingTo: String?
    }
    public struct VCU: Sendable, Equatable, Codable {
        public var id: String
        public var server: String
        public var cores: Int
    }
    public struct RU: Sendable, Equatable, Codable {
        public var id: String
        public var cell: String
        /// `active`, `enteringSleep`, `sleep` or `wakingUp`.
        public var state: String
        public var sleepDepth: Int?
        public var neighbours: [String]
        public var ntnAlternative: Bool
        public var noLoadPowerW: Double
        public var fullLoadPowerW: Double
    }
    public struct Cell: Sendable, Equatable, Codable {
        public var id: String
        public var ru: String
        public var du: String
        /// The CU of its DU; steering to a cell of another DU goes through it.
        public var cu: String
        public var prbs: Int
        public var activeUEs: Int
        public var slices: [SliceQuota]
    }
    public var servers: [Server]
    public var vdus: [VDU]
    public var vcus: [VCU]
    public var rus: [RU]
    public var cells: [Cell]
    public var slotDurationUs: Double
    public var migrationSlots: UInt64
    public var handoverSlots: UInt64

    /// The view of a model.
    public init(_ m: ResourceModel) {
        servers = m.servers.map { Server(id: $0.id, state: $0.state, cores: $0.power.cores, freeCores: m.freeCores(on: $0.id),
                                         idlePowerW: $0.power.idlePowerW, fullLoadPowerW: $0.power.fullLoadPowerW) }
        vdus = m.vdus.map { VDU(id: $0.id, server: $0.serverID, cores: $0.cores, cells: $0.cellIDs, migratingTo: $0.migratingToServerID) }
        vcus = m.vcus.map { VCU(id: $0.id, server: $0.serverID, cores: $0.cores) }
        rus = m.rus.map { ru in
            let (state, depth) = RUStateCoding.encode(ru.state)
            return RU(id: ru.id, cell: ru.cellID, state: state, sleepDepth: depth, neighbours: ru.neighbourRUIDs, ntnAlternative: ru.hasNTNAlternative,
                      noLoadPowerW: ru.power.noLoadPowerW, fullLoadPowerW: ru.power.fullLoadPowerW)
        }
        cells = m.cells.map { Cell(id: $0.id, ru: $0.ruID, du: $0.duID, cu: $0.cuID, prbs: $0.prbs, activeUEs: $0.activeUEs, slices: $0.slices) }
        slotDurationUs = m.slotDurationUs
        migrationSlots = m.migrationSlots
        handoverSlots = m.handoverSlots
    }
}
