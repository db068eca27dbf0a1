import Power

/// Latency and PRB use of one slice in one cell over a reporting period.
public struct SliceKPI: Sendable, Equatable, Codable {
    public var sliceID: String
    /// PRBs used by the slice, fraction of the cell's PRBs.
    public var prbUse: Double
    /// Median packet latency, ms.
    public var latencyP50Ms: Double
    /// 99th-percentile packet latency, ms.
    public var latencyP99Ms: Double
    /// Delivered throughput, DL + UL, Mbit/s.
    public var throughputMbps: Double

    public init(sliceID: String, prbUse: Double, latencyP50Ms: Double, latencyP99Ms: Double, throughputMbps: Double) {
        self.sliceID = sliceID
        self.prbUse = prbUse
        self.latencyP50Ms = latencyP50Ms
        self.latencyP99Ms = latencyP99Ms
        self.throughputMbps = throughputMbps
    }
}

/// One cell's KPIs over a period (what E2SM-KPM style reports carry).
public struct CellKPI: Sendable, Equatable, Codable {
    public var cellID: String
    /// Mean PRB utilisation, downlink and uplink, in [0, 1].
    public var prbUseDL: Double
    public var prbUseUL: Double
    public var throughputDLMbps: Double
    public var throughputULMbps: Double
    /// UEs connected at the end of the period.
    public var activeUEs: Int
    /// Bytes queued in RLC at the end of the period.
    public var bufferBytes: Int
    /// Mean spectral efficiency of scheduled PRBs, Q_m * R (TS 38.214 Table 5.1.3.1-2).
    public var meanBitsPerRE: Double
    /// Mean UEs scheduled per slot.
    public var scheduledUEsPerSlot: Double
    public var slices: [SliceKPI]

    public init(cellID: String, prbUseDL: Double, prbUseUL: Double, throughputDLMbps: Double, throughputULMbps: Double,
                activeUEs: Int, bufferBytes: Int, meanBitsPerRE: Double, scheduledUEsPerSlot: Double, slices: [SliceKPI]) {
        self.cellID = cellID
        self.prbUseDL = prbUseDL
        self.prbUseUL = prbUseUL
        self.throughputDLMbps = throughputDLMbps
        self.throughputULMbps = throughputULMbps
        self.activeUEs = activeUEs
        self.bufferBytes = bufferBytes
        self.meanBitsPerRE = meanBitsPerRE
        self.scheduledUEsPerSlot = scheduledUEsPerSlot
        self.slices = slices
    }

    /// The busier direction's PRB use: what drives queueing and compute.
    public var prbUse: Double { max(prbUseDL, prbUseUL) }
}

/// One vDU's compute KPIs over a period.
public struct VDUKPI: Sendable, Equatable, Codable {
    public var vduID: String
    public var coresAllocated: Int
    /// Busy fraction of the allocated cores.
    public var utilisation: Double
    /// 99th percentile of the processing time per slot, us.
    public var processingP99Us: Double
    /// Slots whose processing overran the deadline.
    public var lateSlots: Int

    public init(vduID: String, coresAllocated: Int, utilisation: Double, processingP99Us: Double, lateSlots: Int) {
        self.vduID = vduID
        self.coresAllocated = coresAllocated
        self.utilisation = utilisation
        self.processingP99Us = processingP99Us
        self.lateSlots = lateSlots
    }
}

/// One vCU's compute KPIs over a period.
public struct VCUKPI: Sendable, Equatable, Codable {
    public var vcuID: String
    public var coresAllocated: Int
    /// Busy fraction of the allocated cores.
    public var utilisation: Double
    /// 99th percentile of the time a packet waited beyond its arrival slot, us (0 while it keeps up).
    public var processingP99Us: Double
    /// Slots that ended with work still queued.
    public var lateSlots: Int
    /// Packets processed in the period.
    public var packets: Int

    public init(vcuID: String, coresAllocated: Int, utilisation: Double, processingP99Us: Double, lateSlots: Int, packets: Int) {
        self.vcuID = vcuID
        self.coresAllocated = coresAllocated
        self.utilisation = utilisation
        self.processingP99Us = processingP99Us
        self.lateSlots = lateSlots
        self.packets = packets
    }
}

/// One RU's power KPIs over a period. `state` is written as `"state"` (`active`,
/// `enteringSleep`, `sleep`, `wakingUp`) plus `"sleepDepth"` (1-4) when asleep or entering sleep.
public struct RUKPI: Sendable, Equatable, Codable {
    public var ruID: String
    public var state: RUPowerState
    /// Mean input power, W.
    public var powerW: Double
    /// PRB load in [0, 1].
    public var load: Double

    public init(ruID: String, state: RUPowerState, powerW: Double, load: Double) {
        self.ruID = ruID
        self.state = state
        self.powerW = powerW
        self.load = load
    }

    private enum CodingKeys: String, CodingKey { case ruID, state, sleepDepth, powerW, load }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        ruID = try c.decode(String.self, forKey: .ruID)
        state = try RUStateCoding.decode(name: try c.decode(String.self, forKey: .state), depth: try c.decodeIfPresent(Int.self, forKey: .sleepDepth))
        powerW = try c.decode(Double.self, forKey: .powerW)
        load = try c.decode(Double.self, forKey: .load)
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(ruID, forKey: .ruID)
        let (name, depth) = RUStateCoding.encode(state)
        try c.encode(name, forKey: .state)
        try c.encodeIfPresent(depth, forKey: .sleepDepth)
        try c.encode(powerW, forKey: .powerW)
        try c.encode(load, forKey: .load)
    }
}

/// Power of a network element that is neither an RU nor a server: a fronthaul link or a
/// bent-pipe NTN payload.
public struct TransportPowerKPI: Sendable, Equatable, Codable {
    /// Link (`du1-ru1`) or payload (`payload:cell`) identifier.
    public var id: String
    /// `fronthaul` or `payload`.
    public var kind: String
    public var powerW: Double

    public init(id: String, kind: String, powerW: Double) {
        self.id = id
        self.kind = kind
        self.powerW = powerW
    }
}

/// One server's power KPIs over a period.
public struct ServerKPI: Sendable, Equatable, Codable {
    public var serverID: String
    public var state: ServerPowerState
    public var powerW: Double
    public var utilisation: Double

    public init(serverID: String, state: ServerPowerState, powerW: Double, utilisation: Double) {
        self.serverID = serverID
        self.state = state
        self.powerW = powerW
        self.utilisation = utilisation
    }
}

/// What the KPM reports of every node give for one reporting period.
public struct KPISnapshot: Sendable, Equatable, Codable {
    /// Period index from 0.
    public var periodIndex: Int
    /// Last slot of the period; actions apply after it.
    public var slot: UInt64
    /// Period length, slots.
    public var periodSlots: Int
    public var cells: [CellKPI]
    public var vdus: [VDUKPI]
    public var vcus: [VCUKPI]
    public var rus: [RUKPI]
    public var servers: [ServerKPI]
    /// Fronthaul links and NTN payloads.
    public var transport: [TransportPowerKPI]
    /// Nodes (cu, du, ru) whose E2 report for this period did not arrive in time, sorted: the
    /// orchestrator holds them unreachable and sends them no action until a report comes back.
    /// Their cells, vDUs, vCUs or RUs are missing from the lists above.
    public var unreachableNodes: [String]

    public init(periodIndex: Int, slot: UInt64, periodSlots: Int, cells: [CellKPI], vdus: [VDUKPI] = [], vcus: [VCUKPI] = [],
                rus: [RUKPI] = [], servers: [ServerKPI] = [], transport: [TransportPowerKPI] = [], unreachableNodes: [String] = []) {
        self.periodIndex = periodIndex
        self.slot = slot
        self.periodSlots = periodSlots
        self.cells = cells
        self.vdus = vdus
        self.vcus = vcus
        self.rus = rus
        self.servers = servers
        self.transport = transport
        self.unreachableNodes = unreachableNodes
    }

    private enum CodingKeys: String, CodingKey {
        case periodIndex, slot, periodSlots, cells, vdus, vcus, rus, servers, transport, unreachableNodes
    }

    /// Reads a snapshot; one written before `unreachableNodes` existed has none.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        periodIndex = try c.decode(Int.self, forKey: .periodIndex)
        slot = try c.decode(UInt64.self, forKey: .slot)
        periodSlots = try c.decode(Int.self, forKey: .periodSlots)
        cells = try c.decode([CellKPI].self, forKey: .cells)
        vdus = try c.decode([VDUKPI].self, forKey: .vdus)
        vcus = try c.decode([VCUKPI].self, forKey: .vcus)
        rus = try c.decode([RUKPI].self, forKey: .rus)
        servers = try c.decode([ServerKPI].self, forKey: .servers)
        transport = try c.decode([TransportPowerKPI].self, forKey: .transport)
        unreachableNodes = try c.decodeIfPresent([String].self, forKey: .unreachableNodes) ?? []
    }

    public func cell(_ id: String) -> CellKPI? { cells.first { $0.cellID == id } }
    public func vdu(_ id: String) -> VDUKPI? { vdus.first { $0.vduID == id } }
    public func vcu(_ id: String) -> VCUKPI? { vcus.first { $0.vcuID == id } }

    /// Total power of RUs, servers, fronthaul links and NTN payloads, W.
    public var totalPowerW: Double {
        rus.reduce(0) { $0 + $1.powerW } + servers.reduce(0) { $0 + $1.powerW } + transport.reduce(0) { $0 + $1.powerW }
    }
    /// Delivered throughput over all cells, DL + UL, Mbit/s.
    public var totalThroughputMbps: Double { cells.reduce(0) { $0 + $1.throughputDLMbps + $1.throughputULMbps } }
}

/// The string form of an RU power state used in every JSON document of the orchestrator.
public enum RUStateCoding {
    /// - Returns: the state name and the sleep depth (1-4) when it has one.
    public static func encode(_ state: RUPowerState) -> (String, Int?) {
        switch state {
        case .active: ("active", nil)
        case .enteringSleep(let d): ("enteringSleep", d.rawValue)
        case .sleep(let d): ("sleep", d.rawValue)
        case .wakingUp: ("wakingUp", nil)
        }
    }

    /// - Throws: `DecodingError` for an unknown name or a missing/invalid depth.
    public static func decode(name: String, depth: Int?) throws -> RUPowerState {
        func sleepDepth() throws -> RUSleepDepth {
            guard let raw = depth, let d = RUSleepDepth(rawValue: raw) else {
                throw DecodingError.dataCorrupted(.init(codingPath: [], debugDescription: "RU state \(name) needs sleepDepth 1...4"))
            }
            return d
        }
        switch name {
        case "active": return .active
        case "wakingUp": return .wakingUp
        case "sleep": return .sleep(try sleepDepth())
        case "enteringSleep": return .enteringSleep(try sleepDepth())
        default: throw DecodingError.dataCorrupted(.init(codingPath: [], debugDescription: "unknown RU state \(name)"))
        }
    }
}
