/// The span of emulated time the run's KPIs are measured over: from the end of the warm-up to
/// the instant the traffic sources stop (after it the run only drains what is in flight).
public struct MeasurementWindow: Codable, Sendable, Equatable {
    public var startNs: UInt64
    public var endNs: UInt64
    public init(startNs: UInt64, endNs: UInt64) { self.startNs = startNs; self.endNs = endNs }
    /// The whole run up to `endNs` (no warm-up).
    public static func whole(endNs: UInt64) -> MeasurementWindow { MeasurementWindow(startNs: 0, endNs: endNs) }
    public var lengthNs: UInt64 { endNs > startNs ? endNs - startNs : 0 }
    public func contains(_ ns: UInt64) -> Bool { ns >= startNs && ns < endNs }
}

/// Counters of one direction of one UE's traffic, as one node saw them.
///
/// The source side (core for downlink, UE node for uplink) fills the `sent` fields; the sink
/// side fills `received` and the latency. The launcher joins both ends by UE and direction.
public struct FlowReport: Codable, Sendable, Equatable {
    public enum Direction: String, Codable, Sendable { case downlink, uplink }
    public var ueId: UInt32
    public var direction: Direction
    public var sentPackets: UInt64 = 0
    public var sentBytes: UInt64 = 0
    public var receivedPackets: UInt64 = 0
    public var receivedBytes: UInt64 = 0
    /// Emulated time of the first packet the source created, ns (0 when none).
    public var firstCreatedNs: UInt64 = 0
    /// Emulated time at which the source stopped generating, ns.
    public var sourceStopNs: UInt64 = 0
    public var latency: LatencySummary?
    /// Latency in wall time (real-time runs only).
    public var wallLatency: LatencySummary?
    /// Emulated times of the first and last packet the sink received, ns.
    public var firstReceivedNs: UInt64 = 0
    public var lastReceivedNs: UInt64 = 0
    /// SDUs the receiving RLC gave up on (segments lost for good); nil when none.
    public var reassemblyDiscards: UInt64?
    /// Packets and bytes the source created inside the measurement window.
    public var windowSentPackets: UInt64 = 0
    public var windowSentBytes: UInt64 = 0
    /// Packets and bytes the sink received inside the measurement window (throughput).
    public var windowReceivedPackets: UInt64 = 0
    public var windowReceivedBytes: UInt64 = 0
    /// Packets created inside the window that reached the sink by the end of the run (loss).
    public var windowDeliveredPackets: UInt64 = 0
    /// Counts a packet of `bytes` the source created at `createdNs`.
    public mutating func send(bytes: Int, createdNs: UInt64, window: MeasurementWindow) {
        if sentPackets == 0 { firstCreatedNs = createdNs }
        sentPackets += 1
        sentBytes += UInt64(bytes)
        if window.contains(createdNs) { windowSentPackets += 1; windowSentBytes += UInt64(bytes) }
    }
    /// Counts a packet created at `createdNs` arriving at the sink at `nowNs`.
    public mutating func receive(bytes: Int, createdNs: UInt64, atNs nowNs: UInt64, window: MeasurementWindow) {
        if receivedPackets == 0 { firstReceivedNs = nowNs }
        lastReceivedNs = nowNs
        receivedPackets += 1
        receivedBytes += UInt64(bytes)
        if window.contains(nowNs) { windowReceivedPackets += 1; windowReceivedBytes += UInt64(bytes) }
        if window.contains(createdNs) { windowDeliveredPackets += 1 }
    }
    /// Transport blocks (first transmissions) of this flow and the sum of their MCS.
    public var transportBlocks: UInt64 = 0
    public var mcsSum: UInt64 = 0
    /// UE node only: whether the UE completed registration, and (downlink) blocks still not
    /// decoded at their last HARQ transmission.
    public var attached: Bool?
    /// Radio link failures the UE declared (its cell went silent) and attached again after; nil when none.
    public var radioLinkFailures: UInt64?
    /// Downlink (UE node): SDUs its PDCP dropped as duplicates (a block decoded twice after its
    /// HARQ-ACK was lost); nil when none.
    public var duplicatesDiscarded: UInt64?
    /// Uplink (UE node): SDUs its RLC queue dropped, full or re-established after a radio link
    /// failure; nil when none.
    public var queueDrops: UInt64?
    public var harqFailures: UInt64 = 0
    /// Sum and count of SINR samples (dB) the receiver measured.
    public var sinrSumDb: Double = 0
    public var sinrSamples: UInt64 = 0
    public init(ueId: UInt32, direction: Direction) { self.ueId = ueId; self.direction = direction }
}

/// What a DU measured about one UE's radio link over the run.
public struct UERadioReport: Codable, Sendable, Equatable {
    public var ueId: UInt32
    /// Downlink SDUs dropped because the UE's RLC buffer was full.
    public var downlinkQueueDrops: UInt64 = 0
    /// Uplink blocks still not decoded at their last HARQ transmission.
    public var uplinkHARQFailures: UInt64 = 0
    /// Sum and count of the PUSCH SINR (dB) of the UE's uplink blocks.
    public var uplinkSINRSumDb: Double = 0
    public var uplinkSINRSamples: UInt64 = 0
    public init(ueId: UInt32) { self.ueId = ueId }
}

/// What a DU measured for one cell over the run.
public struct CellReport: Codable, Sendable, Equatable {
    public var name: String
    public var slots: UInt64 = 0
    public var dlBits: UInt64 = 0
    public var ulBits: UInt64 = 0
    public var dlPRBsUsed: UInt64 = 0
    public var ulPRBsUsed: UInt64 = 0
    public var dlPRBsAvailable: UInt64 = 0
    public var ulPRBsAvailable: UInt64 = 0
    public var dlTransmissions: UInt64 = 0
    public var dlRetransmissions: UInt64 = 0
    public var ulTransmissions: UInt64 = 0
    public var ulRetransmissions: UInt64 = 0
    public var harqFailures: UInt64 = 0
    public var ulHARQFailures: UInt64 = 0
    public var queueDrops: UInt64 = 0
    /// DL SDUs discarded when their UE left for a cell of another DU (no PDCP data forwarding).
    public var handoverDiscards: UInt64 = 0
    public var dlMCSSum: UInt64 = 0
    /// The TS 38.214 peak for this cell's PRBs, symbols and highest MCS, Mbps (DL).
    public var expectedPeakDLMbps: Double = 0
    /// What the MAC's control channels carried and refused.
    public var mac = MACCounters()
    public init(name: String) { self.name = name }
}

/// A cell's grants, PDCCH CCEs and PUCCH HARQ-ACKs over the run, as its scheduler counted them.
public struct MACCounters: Codable, Sendable, Equatable {
    public var slots: UInt64 = 0
    public var pdschGrants: UInt64 = 0
    public var puschGrants: UInt64 = 0
    /// Layers summed over the PDSCH grants.
    public var pdschLayers: UInt64 = 0
    /// Slots with a DCI opportunity, the CCEs they offered and the CCEs DCIs used.
    public var pdcchSlots: UInt64 = 0
    public var ccesAvailable: UInt64 = 0
    public var ccesUsed: UInt64 = 0
    /// Grants not made for want of CCEs (DL, UL) or of a PUCCH for the HARQ-ACK.
    public var blockedDLDCIs: UInt64 = 0
    public var blockedULDCIs: UInt64 = 0
    public var blockedByPUCCH: UInt64 = 0
    /// Uplink slots that could carry PUCCH, and the HARQ-ACK PUCCHs they carried.
    public var pucchSlots: UInt64 = 0
    public var pucchHARQ: UInt64 = 0
    public init() {}
}

/// What one node process measured about itself and its traffic; sent to the launcher when the
/// node stops (also when interrupted, with `complete == false`).
public struct NodeReport: Codable, Sendable {
    public var node: String
    public var role: String
    public var vendor: String?
    public var pid: Int32
    public var complete: Bool
    public var slotsRun: UInt64 = 0
    public var lateSlots: UInt64 = 0
    public var cpuSeconds: Double = 0
    public var messagesIn: UInt64 = 0
    public var messagesOut: UInt64 = 0
    public var bytesIn: UInt64 = 0
    public var bytesOut: UInt64 = 0
    public var decodeErrors: UInt64 = 0
    /// Windows the node ran (one message round each); depends on timing, so not in summary.json.
    public var windows: UInt64 = 0
    /// Every refused unit by cause: malformed, unknownPeer, wrongInterface, outOfWindow, pastSlot, unknownTEID, impersonation
    /// (only causes that occurred).
    public var refusedUnits: [String: UInt64] = [:]
    /// Units this node sent that a `faults:` entry dropped, delayed or corrupted.
    public var impairedUnits: [String: UInt64] = [:]
    /// Slots a `faults:` entry kept this node frozen.
    public var frozenSlots: UInt64 = 0
    /// Setup and end-of-window messages sent and received; their number depends on timing.
    public var protocolMessages: UInt64 = 0
    public var flows: [FlowReport] = []
    public var cells: [CellReport] = []
    /// Per-UE radio counters (DU nodes; UEs the DU never served are left out).
    public var ueRadio: [UERadioReport] = []
    /// NTN cells (from the channel).
    public var ntnCells: [NTNCellReport] = []
    /// Latency histograms per UE group and direction ("group/downlink"), for the run folder.
    public var latencyByGroup: [String: LatencyRecorder] = [:]
    /// The orchestrator's log, power samples, energy and attainment (orchestrator node only).
    public var orchestration: OrchestrationReport?
    /// Energy used over the run, J (RU nodes).
    public var energyJ: Double?
    /// Slots whose processing overran the slot (a vDU) or ended with work queued (a vCU).
    public var computeLateSlots: UInt64?
    /// UEs the CU moved between two of its DUs (inter-DU handover).
    public var interDUHandovers: UInt64?
    /// CU: UE contexts released because their DU restarted, and downlink packets dropped for
    /// those UEs until they attached again.
    public var releasedUEContexts: UInt64?
    /// CU: uplink SDUs its PDCP dropped as duplicates.
    public var uplinkDuplicatesDiscarded: UInt64?
    /// In a `restarting` report: what died with the node (e.g. `rlcSDUs`, `rlcBytes`, `harqBlocks`).
    public var lostOnKill: [String: UInt64]?
    public var downlinkDroppedWithoutDU: UInt64?
    /// User-plane packets a vCU dropped because its backlog was full.
    public var computeDroppedPackets: UInt64?
    /// Control actions the node applied and refused (E2).
    public var controlActionsApplied: UInt64?
    public var controlActionsRefused: UInt64?
    /// Why the node's role stopped the run early (e.g. an external policy that stopped answering).
    public var failure: String?
    public init(node: String, role: String, vendor: String?, pid: Int32, complete: Bool) {
        self.node = node; self.role = role; self.vendor = vendor; self.pid = pid; self.complete = complete
    }
}

/// A periodic sample a node sends while it runs: progress and per-cell KPIs.
public struct NodeProgress: Codable, Sendable {
    public var node: String
    public var slot: UInt64
    public var lateSlots: UInt64
    public var cells: [CellSample]
    public var ntn: [NTNSample]
    /// Resident memory of the node's process, kB (nil when unknown).
    public var rssKB: UInt64?
    /// Sent by a node that has not advanced for a second: the peers it waits for. The launcher
    /// names a stall after the node that has gone silent, not after those that wait for it.
    public var waitingFor: [String]?
    /// CPU time the node has used so far, s (nil in waiting and alive reports).
    public var cpuSeconds: Double?
    /// Messages in and out so far, and refused units by cause (as in the final report).
    public var messagesIn: UInt64?
    public var messagesOut: UInt64?
    public var refusedUnits: [String: UInt64]?
    /// What a sink node received in the interval (UE nodes, core).
    public var traffic: TrafficProgress?
    /// The orchestrator's last period's power and its actions so far.
    public var orchestration: OrchestrationProgress?
    public init(node: String, slot: UInt64, lateSlots: UInt64, cells: [CellSample] = [], ntn: [NTNSample] = [],
                rssKB: UInt64? = nil) {
        self.node = node; self.slot = slot; self.lateSlots = lateSlots; self.cells = cells; self.ntn = ntn; self.rssKB = rssKB
    }
}

/// One row of the cell time series (timeseries.csv).
public struct CellSample: Codable, Sendable, Equatable {
    public var cell: String
    public var timeMs: Double
    public var dlMbps: Double
    public var ulMbps: Double
    public var dlPRBUtilization: Double
    public var ulPRBUtilization: Double
    public var meanDLMCS: Double
    public var harqRetransmissions: UInt64
    public var queuedBytes: UInt64
    public var connectedUEs: Int
    /// Bits delivered over the air in the interval (decoded blocks), per direction.
    public var dlBits: UInt64 = 0
    public var ulBits: UInt64 = 0
    /// Grants (transport blocks scheduled, retransmissions included) in the interval.
    public var dlGrants: UInt64 = 0
    public var ulGrants: UInt64 = 0
    public var ulHARQRetransmissions: UInt64 = 0
    /// The cell's TS 38.214 downlink peak, Mbps.
    public var peakDLMbps: Double = 0
    public init(cell: String, timeMs: Double, dlMbps: Double, ulMbps: Double, dlPRBUtilization: Double,
                ulPRBUtilization: Double, meanDLMCS: Double, harqRetransmissions: UInt64, queuedBytes: UInt64,
                connectedUEs: Int) {
        self.cell = cell; self.timeMs = timeMs; self.dlMbps = dlMbps; self.ulMbps = ulMbps
        self.dlPRBUtilization = dlPRBUtilization; self.ulPRBUtilization = ulPRBUtilization; self.meanDLMCS = meanDLMCS
        self.harqRetransmissions = harqRetransmissions; self.queuedBytes = queuedBytes; self.connectedUEs = connectedUEs
    }
}

/// Node -> launcher when a node is up and its setup procedures are done.
public struct NodeReady: Codable, Sendable {
    public var node: String
    public var pid: Int32
    public init(node: String, pid: Int32) { self.node = node; self.pid = pid }
}

/// Node -> launcher when a setup procedure failed (vendor mismatch).
public struct NodeSetupFailed: Codable, Sendable {
    public var node: String
    public var reason: String
    public init(node: String, reason: String) { self.node = node; self.reason = reason }
}

/// Report interface message types (node -> launcher).
public enum ReportMessageType {
    public static let ready: UInt8 = 1
    public static let progress: UInt8 = 2
    public static let final: UInt8 = 3
    public static let capture: UInt8 = 4
    public static let setupFailed: UInt8 = 5
    /// Never sent: the launcher's node table at the start of capture.pcap (`CaptureNodeTable`).
    public static let captureNodeTable: UInt8 = 6
    /// A node's report at the moment a restart fault kills it (a ``NodeReport``).
    public static let restarting: UInt8 = 7
}

/// One row of ntn_timeseries.csv: an NTN cell's links averaged over its served UEs.
public struct NTNSample: Codable, Sendable, Equatable {
    public var cell: String
    public var timeMs: Double
    public var platform: String
    public var elevationDeg: Double
    public var oneWayDelayMs: Double
    public var dopplerHz: Double
    public var pathLossDb: Double
    public var sinrDb: Double
    public var servedUEs: Int
    public var handovers: Int
    public init(cell: String, timeMs: Double, platform: String, elevationDeg: Double, oneWayDelayMs: Double,
                dopplerHz: Double, pathLossDb: Double, sinrDb: Double, servedUEs: Int, handovers: Int) {
        self.cell = cell; self.timeMs = timeMs; self.platform = platform; self.elevationDeg = elevationDeg
        self.oneWayDelayMs = oneWayDelayMs; self.dopplerHz = dopplerHz; self.pathLossDb = pathLossDb; self.sinrDb = sinrDb
        self.servedUEs = servedUEs; self.handovers = handovers
    }
}

/// What the channel measured of one NTN cell over the run.
public struct NTNCellReport: Codable, Sendable, Equatable {
    public var cell: String
    public var platform: String
    public var handovers: Int = 0
    public var interruptionMs: Double = 0
    /// Changes of the feeder-link gateway (counted per UE link).
    public var feederSwitches: Int = 0
    public var samples: Int = 0
    // Extremes start at 0 and take the first sample's value (JSON has no infinity).
    public var elevationDegMin = 0.0
    public var elevationDegMax = 0.0
    public var elevationDegSum = 0.0
    public var oneWayDelayMsMin = 0.0
    public var oneWayDelayMsMax = 0.0
    public var dopplerHzMaxAbs = 0.0
    public var pathLossDbSum = 0.0
    public var sinrDbSum = 0.0
    public init(cell: String, platform: String) { self.cell = cell; self.platform = platform }

    public mutating func add(elevationDeg: Double, oneWayDelayMs: Double, dopplerHz: Double, pathLossDb: Double, sinrDb: Double) {
        let first = samples == 0
        samples += 1
        elevationDegMin = first ? elevationDeg : min(elevationDegMin, elevationDeg)
        elevationDegMax = first ? elevationDeg : max(elevationDegMax, elevationDeg)
        elevationDegSum += elevationDeg
        oneWayDelayMsMin = first ? oneWayDelayMs : min(oneWayDelayMsMin, oneWayDelayMs)
        oneWayDelayMsMax = max(oneWayDelayMsMax, oneWayDelayMs)
        dopplerHzMaxAbs = max(dopplerHzMaxAbs, abs(dopplerHz))
        pathLossDbSum += pathLossDb; sinrDbSum += sinrDb
    }
}
