/// The typed scenario, as the nodes and the launcher use it.
///
/// A `Scenario` only exists after `ScenarioLoader` has validated the YAML and filled in
/// every default, so node code never sees a missing or out-of-range value.
/// Units live in field names (`delayUs`, `carrierGHz`, `txPowerDbm`).
public struct Scenario: Codable, Sendable, Equatable {
    /// Run name; used in the run folder name. `[A-Za-z0-9_-]+`.
    public var name: String
    public var description: String
    /// Emulated duration of the run.
    public var durationMs: Double
    /// Emulated time at the start of the run left out of the throughput, loss and fairness
    /// figures (attach and ramp-up); 0 measures from the first slot.
    public var warmupMs: Double = 0
    public var seed: UInt64
    public var clock: ClockMode
    /// The slot grid of the whole scenario: SCS = 15 * 2^mu kHz, slot = 1/2^mu ms.
    public var numerology: Int
    public var transport: TransportConfig
    public var capture: CaptureConfig
    /// Result files that can be left out of the run folder.
    public var output = OutputConfig()
    /// The launcher's live Prometheus endpoint, or nil when the scenario asks for none.
    public var metrics: MetricsConfig?
    public var links: LinkDelays
    public var vendors: [VendorProfile]
    public var nodes: [NodeConfig]
    public var cells: [CellConfig]
    public var ueGroups: [UEGroupConfig]
    /// Network slices; empty = one default slice and no slice-aware scheduling.
    public var slices: [SliceProfile]
    /// Platforms, space weather and backhaul for non-terrestrial cells, or nil.
    public var ntn: NTNConfig?
    /// The orchestrator's policy, period and targets, or nil when the scenario has none.
    public var orchestrator: OrchestratorConfig?
    /// O-Cloud servers that host the vDUs (`nodes[].server`).
    public var servers: [ServerConfig] = []
    /// Link impairments at emulated times.
    public var faults: [LinkFault] = []

    public init(name: String, description: String, durationMs: Double, seed: UInt64, clock: ClockMode,
                numerology: Int, transport: TransportConfig, capture: CaptureConfig, links: LinkDelays,
                vendors: [VendorProfile], nodes: [NodeConfig], cells: [CellConfig], ueGroups: [UEGroupConfig],
                slices: [SliceProfile] = []) {
        self.name = name; self.description = description; self.durationMs = durationMs; self.seed = seed
        self.clock = clock; self.numerology = numerology; self.transport = transport; self.capture = capture
        self.links = links; self.vendors = vendors; self.nodes = nodes; self.cells = cells; self.ueGroups = ueGroups
        self.slices = slices
    }
}

/// A fault (`faults[]`) from `atMs` for `durationMs`: on a `link`, units either way are dropped
/// (`drop` %), else delayed (`delayMs` plus up to `jitterMs`) and corrupted (`corrupt` %); a
/// `node` is frozen, or killed and started again after `durationMs` (`action: restart`).
public struct LinkFault: Codable, Sendable, Equatable {
    /// What a node fault does to its node.
    public enum NodeAction: String, Codable, Sendable, CaseIterable {
        /// The node runs no slot and keeps its state; what reaches it waits for the thaw.
        case freeze
        /// The node is killed (its state lost, what reaches it lost) and started again.
        case restart
    }
    public var atMs: Double
    public var durationMs: Double
    public var link: [String]?
    public var node: String?
    public var action: NodeAction = .freeze
    public var drop: Double
    public var corrupt: Double
    public var delayMs: Double
    public var jitterMs: Double
    public init(atMs: Double, durationMs: Double, link: [String]? = nil, node: String? = nil, action: NodeAction = .freeze,
                drop: Double = 0, corrupt: Double = 0, delayMs: Double = 0, jitterMs: Double = 0) {
        self.atMs = atMs; self.durationMs = durationMs; self.link = link; self.node = node; self.action = action
        self.drop = drop; self.corrupt = corrupt
        self.delayMs = delayMs; self.jitterMs = jitterMs
    }
}

public enum ClockMode: String, Codable, Sendable, CaseIterable {
    /// Lock-step by end-of-window markers: deterministic, as fast as the machine allows.
    case virtual
    /// Slots paced by the wall clock; late slots are counted.
    case realtime
}

public struct TransportConfig: Codable, Sendable, Equatable {
    public enum Kind: String, Codable, Sendable, CaseIterable { case ipc, tcp }
    public var kind: Kind
    /// Default host for tcp endpoints of nodes that name no `host`.
    public var host: String
    /// tcp port of the first node; node i (in `nodes` order) listens on basePort + i.
    public var basePort: Int
    /// How links are protected: CurveZMQ with per-run keys (default), or not at all.
    public enum Security: String, Codable, Sendable, CaseIterable { case curve, none }
    public var security: Security
    /// Whether tcp hosts beyond loopback are allowed (nodes on other machines).
    public var exposed: Bool
    public init(kind: Kind = .ipc, host: String = "127.0.0.1", basePort: Int = 47000, security: Security = .curve,
                exposed: Bool = false) {
        self.kind = kind; self.host = host; self.basePort = basePort; self.security = security; self.exposed = exposed
    }
}

public struct CaptureConfig: Codable, Sendable, Equatable {
    public var enabled: Bool
    /// Upper bound on records kept in capture.pcap; later records are counted, not kept.
    public var maxRecords: Int
    public init(enabled: Bool = true, maxRecords: Int = 200_000) {
        self.enabled = enabled; self.maxRecords = maxRecords
    }
}

/// Result files of the run folder that can be left out (large runs).
public struct OutputConfig: Codable, Sendable, Equatable {
    /// Write ue-timeseries.csv (every UE every 100 ms of emulated time).
    public var ueTimeseries: Bool
    public init(ueTimeseries: Bool = true) { self.ueTimeseries = ueTimeseries }
}

/// The launcher's live Prometheus endpoint (`GET /metrics`).
public struct MetricsConfig: Codable, Sendable, Equatable {
    /// TCP port; 0 binds a free port, which the launcher prints.
    public var port: Int
    public init(port: Int) { self.port = port }
}

/// One-way delay of each interface, in microseconds. Each link's delay, rounded up to
/// whole slots (at least one), is its lookahead in virtual time.
public struct LinkDelays: Codable, Sendable, Equatable {
    public var ngUs: Double
    public var f1Us: Double
    public var fronthaulUs: Double
    public var airUs: Double
    /// orchestrator <-> du and ru (E2).
    public var e2Us: Double = 5000
    public init(ngUs: Double = 1000, f1Us: Double = 500, fronthaulUs: Double = 100, airUs: Double = 1, e2Us: Double = 5000) {
        self.ngUs = ngUs; self.f1Us = f1Us; self.fronthaulUs = fronthaulUs; self.airUs = airUs; self.e2Us = e2Us
    }
}

/// A vendor's capabilities, exchanged in the setup procedures.
public struct VendorProfile: Codable, Sendable, Equatable {
    public var name: String
    public var ngVersions: [Int]
    public var f1Versions: [Int]
    public var fronthaulVersions: [Int]
    public var numerologies: [Int]
    public var maxPRBs: Int
    public var maxUEs: Int
    public var fronthaulCompression: [FronthaulCompression]
    /// Radio unit class of the vendor's RUs, for their power model (EARTH).
    public var ruType: RUTypeName = .macro
    /// Per-slot processing model of the vendor's vDUs (and per-packet model of its vCUs).
    public var computeModel: ComputeModelName = .softwareLDPC
    /// Multiplier on every processing time of the compute model: hardware slower (> 1) or faster (< 1) than the preset's.
    public var computeScale: Double = 1
    /// The vendor's own EARTH parameters (unset: those of `ruType`).
    public var ruPower: RUPowerOverrides?
    /// The vendor's own compute coefficients (unset: those of `computeModel`).
    public var compute: ComputeOverrides?
    public init(name: String, ngVersions: [Int] = [1], f1Versions: [Int] = [1], fronthaulVersions: [Int] = [1],
                numerologies: [Int] = [0, 1, 2, 3], maxPRBs: Int = 273, maxUEs: Int = 1024,
                fronthaulCompression: [FronthaulCompression] = [.none], ruType: RUTypeName = .macro,
                computeModel: ComputeModelName = .softwareLDPC) {
        self.name = name; self.ngVersions = ngVersions; self.f1Versions = f1Versions
        self.fronthaulVersions = fronthaulVersions; self.numerologies = numerologies; self.maxPRBs = maxPRBs
        self.maxUEs = maxUEs; self.fronthaulCompression = fronthaulCompression
        self.ruType = ruType; self.computeModel = computeModel
    }
}

/// O-RAN fronthaul IQ compression (udCompHdr): none or block floating point of a bit width.
public enum FronthaulCompression: String, Codable, Sendable, CaseIterable {
    case none, bfp8, bfp9, bfp12, bfp14
}

public enum NodeRole: String, Codable, Sendable, CaseIterable {
    case core, cu, du, ru, channel, ue, orchestrator
}

public struct NodeConfig: Codable, Sendable, Equatable {
    public var name: String
    public var role: NodeRole
    /// Vendor profile name; required for core, cu, du and ru.
    public var vendor: String?
    /// The upstream node: a cu names its core, a du its cu, an ru its du.
    public var core: String?
    public var cu: String?
    public var du: String?
    /// Host for this node's tcp endpoint (default: transport.host).
    public var host: String?
    /// Full endpoint override, e.g. `tcp://10.0.0.2:47010` or `ipc:///tmp/du1`.
    public var endpoint: String?
    /// The server (of `servers`) hosting this du as a vDU (or this cu as a vCU), or nil.
    public var server: String?
    /// Cores of the server given to this vDU or vCU at the start.
    public var cores: Int?
    public init(name: String, role: NodeRole, vendor: String? = nil, core: String? = nil, cu: String? = nil,
                du: String? = nil, host: String? = nil, endpoint: String? = nil, server: String? = nil, cores: Int? = nil) {
        self.name = name; self.role = role; self.vendor = vendor; self.core = core; self.cu = cu; self.du = du
        self.host = host; self.endpoint = endpoint; self.server = server; self.cores = cores
    }
}

public enum Duplex: String, Codable, Sendable, CaseIterable { case tdd, fdd }

public enum SchedulerPolicyName: String, Codable, Sendable, CaseIterable {
    case roundRobin = "rr", proportionalFair = "pf", maxRate = "maxrate"
}

public enum MCSTableName: String, Codable, Sendable, CaseIterable { case qam64, qam256 }

/// TR 38.901 propagation scenario of a terrestrial cell.
public enum PropagationName: String, Codable, Sendable, CaseIterable {
    case uma, umi, rma, inh

    /// Carriers where the path-loss model holds, GHz (TR 38.901 clause 7.4.1; RMa only to 30 GHz per
    /// Table 7.4.1-1). The same ranges as `Radio.PropagationScenario.validCarrierGHz`.
    public var validCarrierGHz: ClosedRange<Double> { self == .rma ? 0.5...30 : 0.5...100 }
}

/// RU antenna: omnidirectional (0 dBi) or a 3GPP sector element (TR 38.901 Table 7.3-1).
public enum AntennaName: String, Codable, Sendable, CaseIterable { case omni, sector }

/// How the channel decides line of sight per UE and cell.
public enum LineOfSightName: String, Codable, Sendable, CaseIterable {
    /// Drawn from the TR 38.901 LOS probability, from the seed.
    case auto
    case always
    case never
}

/// Small-scale fading on top of path loss and shadowing.
public enum FastFadingName: String, Codable, Sendable, CaseIterable {
    case none
    /// Rayleigh, independent per slot.
    case rayleigh
}

/// A network slice (S-NSSAI role): PRB shares and priority in every cell's scheduler, and a
/// latency target that the scheduler serves ahead of.
public struct SliceProfile: Codable, Sendable, Equatable {
    public var name: String
    /// Guaranteed share of each cell's PRBs when the slice has data (0...1).
    public var minPRBShare: Double
    /// Cap on the share of each cell's PRBs (0...1).
    public var maxPRBShare: Double
    /// Higher is served first when PRBs are short.
    public var priority: Int
    /// End-to-end latency target (p99), ms; 0 = none.
    public var latencyTargetMs: Double
    public init(name: String, minPRBShare: Double = 0, maxPRBShare: Double = 1, priority: Int = 0,
                latencyTargetMs: Double = 0) {
        self.name = name; self.minPRBShare = minPRBShare; self.maxPRBShare = maxPRBShare; self.priority = priority
        self.latencyTargetMs = latencyTargetMs
    }
}

public struct CellConfig: Codable, Sendable, Equatable {
    public var name: String
    public var du: String
    public var ru: String
    public var prbs: Int
    public var carrierGHz: Double
    public var duplex: Duplex
    /// Slot pattern for TDD, one letter a slot: D downlink, U uplink, S special (DL symbols + guard + UL).
    public var tddPattern: String
    public var txPowerDbm: Double
    /// RU antenna position in metres (x, y, height).
    public var position: [Double]
    public var mcsTable: MCSTableName
    public var scheduler: SchedulerPolicyName
    /// Control-channel capacity: grants per slot and direction.
    public var maxGrantsDL: Int
    public var maxGrantsUL: Int
    /// Fixed MCS for every grant (link adaptation off) when set.
    public var fixedMCS: Int?
    public var fronthaulCompression: FronthaulCompression
    public var propagation: PropagationName
    public var fastFading: FastFadingName
    /// Proportional-fair averaging window, slots.
    public var pfWindowSlots: Int
    /// HARQ processes per UE and direction (up to 32 for long round trips).
    public var harqProcesses: Int
    /// Transmissions of a transport block before it is dropped (1 = HARQ off).
    public var maxHARQTransmissions: Int
    public var lineOfSight: LineOfSightName
    /// Log-normal shadow fading (TR 38.901 Table 7.4.1-1 sigma) on or off.
    public var shadowing: Bool
    /// Set for a non-terrestrial cell (HAPS or satellite).
    public var ntn: NTNCellConfig?
    /// Cells that can take this cell's UEs (steering, RU sleep); nil: the other cells of its du.
    public var neighbours: [String]?
    public var antenna: AntennaName
    /// Sector boresight, degrees counter-clockwise from +x (east).
    public var azimuthDeg: Double
    /// Electrical downtilt of a sector antenna, degrees below the horizon.
    public var downtiltDeg: Double
    /// PDCCH, PUCCH and K1/K2 of the MAC.
    public var mac: CellMACConfig = CellMACConfig()
    /// Antenna ports of the RU (1, 2, 4 or 8): with the UE's 4 receive and 2 transmit
    /// antennas they bound the DL rank (at most 4) and the UL rank (at most 2).
    public var antennaPorts: Int = 4
    public init(name: String, du: String, ru: String, prbs: Int = 106, carrierGHz: Double = 3.5, duplex: Duplex = .tdd,
                tddPattern: String = "DDDSU", txPowerDbm: Double = 43, position: [Double] = [0, 0, 25],
                mcsTable: MCSTableName = .qam256, scheduler: SchedulerPolicyName = .roundRobin, maxGrantsDL: Int = 16,
                maxGrantsUL: Int = 16, fixedMCS: Int? = nil, fronthaulCompression: FronthaulCompression = .none,
                propagation: PropagationName = .uma, fastFading: FastFadingName = .none, pfWindowSlots: Int = 1000,
                harqProcesses: Int = 16, maxHARQTransmissions: Int = 4, lineOfSight: LineOfSightName = .auto,
                shadowing: Bool = true, antenna: AntennaName = .omni, azimuthDeg: Double = 0, downtiltDeg: Double = 6) {
        self.name = name; self.du = du; self.ru = ru; self.prbs = prbs; self.carrierGHz = carrierGHz
        self.duplex = duplex; self.tddPattern = tddPattern; self.txPowerDbm = txPowerDbm; self.position = position
        self.mcsTable = mcsTable; self.scheduler = scheduler; self.maxGrantsDL = maxGrantsDL
        self.maxGrantsUL = maxGrantsUL; self.fixedMCS = fixedMCS; self.fronthaulCompression = fronthaulCompression
        self.propagation = propagation; self.fastFading = fastFading; self.pfWindowSlots = pfWindowSlots
        self.harqProcesses = harqProcesses; self.maxHARQTransmissions = maxHARQTransmissions
        self.lineOfSight = lineOfSight; self.shadowing = shadowing
        self.antenna = antenna; self.azimuthDeg = azimuthDeg; self.downtiltDeg = downtiltDeg
    }
}

/// The MAC's control channels and timing of a cell (`cells[].mac`).
public struct CellMACConfig: Codable, Sendable, Equatable {
    public var minK1: Int
    /// Explicit K1 set; nil: every value from `minK1` over one TDD period.
    public var k1: [Int]?
    public var minK2: Int
    /// CORESET width; nil: the carrier, at most 96 PRBs.
    public var coresetPRBs: Int?
    public var coresetSymbols: Int
    /// UEs that can send HARQ-ACK in one uplink slot.
    public var pucchPerSlot: Int
    public var srPeriodMs: Double
    public var csiPeriodMs: Double
    public init(minK1: Int = 4, k1: [Int]? = nil, minK2: Int = 4, coresetPRBs: Int? = nil, coresetSymbols: Int = 2,
                pucchPerSlot: Int = 31, srPeriodMs: Double = 20, csiPeriodMs: Double = 20) {
        self.minK1 = minK1; self.k1 = k1; self.minK2 = minK2; self.coresetPRBs = coresetPRBs
        self.coresetSymbols = coresetSymbols; self.pucchPerSlot = pucchPerSlot
        self.srPeriodMs = srPeriodMs; self.csiPeriodMs = csiPeriodMs
    }
}

public enum TrafficKind: String, Codable, Sendable, CaseIterable {
    case none, cbr, poisson, fullBuffer
}

/// One direction of a UE's traffic.
public struct TrafficConfig: Codable, Sendable, Equatable {
    public var kind: TrafficKind
    /// Mean offered rate. For fullBuffer: the rate the source offers (default: enough to saturate).
    public var rateMbps: Double
    public var packetBytes: Int
    /// `constant` rate, or `diurnal`: the rate follows a daily curve compressed into `dayLengthMs`.
    public var profile: TrafficProfileName = .constant
    /// Length of the compressed day of a `diurnal` profile, ms.
    public var dayLengthMs: Double = 24_000
    public init(kind: TrafficKind = .none, rateMbps: Double = 1, packetBytes: Int = 1200,
                profile: TrafficProfileName = .constant, dayLengthMs: Double = 24_000) {
        self.kind = kind; self.rateMbps = rateMbps; self.packetBytes = packetBytes
        self.profile = profile; self.dayLengthMs = dayLengthMs
    }
}

public enum PlacementKind: String, Codable, Sendable, CaseIterable {
    /// Evenly spaced on a circle of `radiusM` around the cell's RU.
    case ring
    /// Uniform in the annulus minRadiusM...radiusM, from the seed.
    case random
}

public struct PlacementConfig: Codable, Sendable, Equatable {
    public var kind: PlacementKind
    public var radiusM: Double
    public var minRadiusM: Double
    public init(kind: PlacementKind = .ring, radiusM: Double = 100, minRadiusM: Double = 10) {
        self.kind = kind; self.radiusM = radiusM; self.minRadiusM = minRadiusM
    }
}

public struct UEGroupConfig: Codable, Sendable, Equatable {
    public var name: String
    public var count: Int
    public var cell: String
    /// The `ue` node that hosts this group (default: the scenario's only ue node).
    public var node: String
    public var placement: PlacementConfig
    public var downlink: TrafficConfig
    public var uplink: TrafficConfig
    /// The slice the group's traffic belongs to (a name from `slices`), or nil.
    public var slice: String?
    public init(name: String, count: Int, cell: String, node: String, placement: PlacementConfig = .init(),
                downlink: TrafficConfig = .init(), uplink: TrafficConfig = .init(), slice: String? = nil) {
        self.name = name; self.count = count; self.cell = cell; self.node = node; self.placement = placement
        self.downlink = downlink; self.uplink = uplink; self.slice = slice
    }
}
