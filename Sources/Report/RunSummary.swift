/// summary.json: what a run measured. Fields whose names start with `wall` or that come
/// from the operating system (pid, cpuSeconds) differ between runs; everything else is
/// identical for the same scenario and seed in virtual time.
public struct RunSummary: Codable, Sendable {
    public enum Status: String, Codable, Sendable { case ok, nodeFailed, setupFailed, interrupted }

    /// The emulated span throughput, loss and fairness are measured over: the end of the
    /// warm-up to the instant the traffic sources stop.
    public struct Window: Codable, Sendable, Equatable {
        public var startMs: Double
        public var endMs: Double
        public var lengthMs: Double
        public init(startMs: Double, endMs: Double) {
            self.startMs = startMs; self.endMs = endMs; lengthMs = max(0, endMs - startMs)
        }
    }

    public struct Direction: Codable, Sendable, Equatable {
        /// Bytes received in the measurement window over its length.
        public var throughputMbps: Double = 0
        /// Bytes the source created in the measurement window over its length.
        public var offeredMbps: Double = 0
        public var sentPackets: UInt64 = 0
        public var receivedPackets: UInt64 = 0
        public var receivedBytes: UInt64 = 0
        /// Share of the packets created in the measurement window that never arrived, in flight
        /// at the end of the run included (0...1).
        public var loss: Double = 0
        /// Packets the source created in the measurement window, and how many of them arrived.
        public var windowSentPackets: UInt64 = 0
        public var windowDeliveredPackets: UInt64 = 0
        public var latency = LatencySummary()
        /// Wall-clock latency, real-time runs only.
        public var wallLatency: LatencySummary?
        /// Mean MCS of the UE's first transmissions and mean SINR (dB) of its link.
        public var meanMCS: Double = 0
        public var meanSINRDb: Double = 0
        /// SDUs lost because the receiving RLC gave up reassembling them (nil when none).
        public var reassemblyDiscards: UInt64?
        /// Blocks not decoded at their last HARQ transmission (nil when none).
        public var harqFailures: UInt64?
        /// SDUs dropped by the sender's RLC buffer (downlink: full, in the DU; uplink: full or
        /// re-established after a radio link failure, in the UE; nil when none).
        public var queueDrops: UInt64?
        /// Downlink: SDUs the UE's PDCP dropped as duplicates (a block decoded twice after its
        /// HARQ-ACK was lost; nil when none).
        public var duplicatesDiscarded: UInt64?
        public init() {}

        private enum CodingKeys: String, CodingKey {
            case throughputMbps, offeredMbps, sentPackets, receivedPackets, receivedBytes, loss, windowSentPackets
            case windowDeliveredPackets, latency, wallLatency, meanMCS, meanSINRDb, reassemblyDiscards, harqFailures, queueDrops
            case duplicatesDiscarded
        }

        /// Reads summaries written before the window fields existed too (`b5g report` on an older
        /// run folder): those fields then read 0.
        public init(from decoder: Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            throughputMbps = try c.decode(Double.self, forKey: .throughputMbps)
            offeredMbps = try c.decodeIfPresent(Double.self, forKey: .offeredMbps) ?? 0
            sentPackets = try c.decode(UInt64.self, forKey: .sentPackets)
            receivedPackets = try c.decode(UInt64.self, forKey: .receivedPackets)
            receivedBytes = try c.decode(UInt64.self, forKey: .receivedBytes)
            loss = try c.decode(Double.self, forKey: .loss)
            windowSentPackets = try c.decodeIfPresent(UInt64.self, forKey: .windowSentPackets) ?? 0
            windowDeliveredPackets = try c.decodeIfPresent(UInt64.self, forKey: .windowDeliveredPackets) ?? 0
            latency = try c.decode(LatencySummary.self, forKey: .latency)
            wallLatency = try c.decodeIfPresent(LatencySummary.self, forKey: .wallLatency)
            meanMCS = try c.decode(Double.self, forKey: .meanMCS)
            meanSINRDb = try c.decode(Double.self, forKey: .meanSINRDb)
            reassemblyDiscards = try c.decodeIfPresent(UInt64.self, forKey: .reassemblyDiscards)
            harqFailures = try c.decodeIfPresent(UInt64.self, forKey: .harqFailures)
            queueDrops = try c.decodeIfPresent(UInt64.self, forKey: .queueDrops)
            duplicatesDiscarded = try c.decodeIfPresent(UInt64.self, forKey: .duplicatesDiscarded)
        }
    }

    /// A UE whose figures should not be read as service: it never attached, or lost at least
    /// half the packets due in one direction, with the most likely reason.
    public struct FlaggedUE: Codable, Sendable, Equatable {
        public var ue: String
        public var cell: String
        /// "downlink", "uplink", or nil when the UE never attached.
        public var direction: String?
        public var loss: Double?
        public var reason: String
        public init(ue: String, cell: String, direction: String?, loss: Double?, reason: String) {
            self.ue = ue; self.cell = cell; self.direction = direction; self.loss = loss; self.reason = reason
        }
    }

    public struct UE: Codable, Sendable {
        public var id: UInt32
        public var name: String
        public var group: String
        public var cell: String
        public var downlink: Direction
        public var uplink: Direction
        /// Whether the UE completed registration (nil when its UE node did not report).
        public var attached: Bool?
        /// Radio link failures the UE declared (its cell went silent, e.g. its DU restarted) and
        /// attached again after; nil when none.
        public var radioLinkFailures: UInt64?
        public init(id: UInt32, name: String, group: String, cell: String, downlink: Direction, uplink: Direction) {
            self.id = id; self.name = name; self.group = group; self.cell = cell; self.downlink = downlink; self.uplink = uplink
        }
    }

    /// A cell's MAC per slot: grants, PDCCH CCE use and blocking, PUCCH HARQ-ACKs.
    public struct MAC: Codable, Sendable, Equatable {
        /// Grants per slot over every slot of the run.
        public var meanPDSCHGrantsPerSlot: Double
        public var meanPUSCHGrantsPerSlot: Double
        /// CCEs used over CCEs offered, in slots with a DCI opportunity.
        public var pdcchCCEUtilization: Double
        /// Grants not made: no CCEs (DL, UL), no PUCCH for the ACK.
        public var blockedDLDCIs: UInt64
        public var blockedULDCIs: UInt64
        public var blockedByPUCCH: UInt64
        /// HARQ-ACK PUCCHs per uplink slot.
        public var meanPUCCHPerULSlot: Double
        /// Mean layers of the PDSCH grants (the DL rank).
        public var meanDLRank: Double

        public init(_ c: MACCounters) {
            func ratio(_ a: UInt64, _ b: UInt64) -> Double { b == 0 ? 0 : (Double(a) / Double(b)).rounded(toPlaces: 4) }
            meanPDSCHGrantsPerSlot = ratio(c.pdschGrants, c.slots)
            meanPUSCHGrantsPerSlot = ratio(c.puschGrants, c.slots)
            pdcchCCEUtilization = ratio(c.ccesUsed, c.ccesAvailable)
            blockedDLDCIs = c.blockedDLDCIs; blockedULDCIs = c.blockedULDCIs; blockedByPUCCH = c.blockedByPUCCH
            meanPUCCHPerULSlot = ratio(c.pucchHARQ, c.pucchSlots)
            meanDLRank = ratio(c.pdschLayers, c.pdschGrants)
        }
    }

    public struct Cell: Codable, Sendable {
        public var name: String
        public var du: String
        public var ru: String
        public var downlinkThroughputMbps: Double
        public var uplinkThroughputMbps: Double
        /// TS 38.214 peak for the cell's PRBs, symbols and highest MCS.
        public var expectedPeakDownlinkMbps: Double
        public var downlinkPRBUtilization: Double
        public var uplinkPRBUtilization: Double
        public var meanDownlinkMCS: Double
        public var downlinkTransmissions: UInt64
        public var downlinkRetransmissions: UInt64
        public var uplinkTransmissions: UInt64
        public var uplinkRetransmissions: UInt64
        public var harqFailures: UInt64
        public var uplinkHARQFailures: UInt64
        public var queueDrops: UInt64
        /// DL SDUs discarded when their UE left for a cell of another DU.
        public var handoverDiscards: UInt64 = 0
        /// Grants, PDCCH and PUCCH of the cell's MAC.
        public var mac: MAC?
        public var downlinkLatency: LatencySummary
        public var uplinkLatency: LatencySummary
        /// Jain's fairness index over the cell's UEs of the share of their offered downlink rate
        /// they received (equal UEs with equal demand: the classic throughput index).
        public var downlinkFairness: Double
        public init(name: String, du: String, ru: String, downlinkThroughputMbps: Double, uplinkThroughputMbps: Double, expectedPeakDownlinkMbps: Double, downlinkPRBUtilization: Double, uplinkPRBUtilization: Double, meanDownlinkMCS: Double, downlinkTransmissions: UInt64, downlinkRetransmissions: UInt64, uplinkTransmissions: UInt64, uplinkRetransmissions: UInt64, harqFailures: UInt64, uplinkHARQFailures: UInt64, queueDrops: UInt64, downlinkLatency: LatencySummary, uplinkLatency: LatencySummary, downlinkFairness: Double) {
            self.name = name; self.du = du; self.ru = ru; self.downlinkThroughputMbps = downlinkThroughputMbps; self.uplinkThroughputMbps = uplinkThroughputMbps; self.expectedPeakDownlinkMbps = expectedPeakDownlinkMbps; self.downlinkPRBUtilization = downlinkPRBUtilization; self.uplinkPRBUtilization = uplinkPRBUtilization; self.meanDownlinkMCS = meanDownlinkMCS; self.downlinkTransmissions = downlinkTransmissions; self.downlinkRetransmissions = downlinkRetransmissions; self.uplinkTransmissions = uplinkTransmissions; self.uplinkRetransmissions = uplinkRetransmissions; self.harqFailures = harqFailures; self.uplinkHARQFailures = uplinkHARQFailures; self.queueDrops = queueDrops; self.downlinkLatency = downlinkLatency; self.uplinkLatency = uplinkLatency; self.downlinkFairness = downlinkFairness
        }
    }

    /// Per-slice KPIs: the slice's UEs together.
    public struct Slice: Codable, Sendable {
        public var name: String
        public var ues: Int
        public var downlinkThroughputMbps: Double
        public var uplinkThroughputMbps: Double
        public var downlinkLatency: LatencySummary
        public var uplinkLatency: LatencySummary
        /// The slice's p99 target, ms (0 = none), and whether both directions' p99 met it.
        public var latencyTargetMs: Double
        public var latencyTargetMet: Bool?
        public init(name: String, ues: Int, downlinkThroughputMbps: Double, uplinkThroughputMbps: Double,
                    downlinkLatency: LatencySummary, uplinkLatency: LatencySummary, latencyTargetMs: Double,
                    latencyTargetMet: Bool?) {
            self.name = name; self.ues = ues; self.downlinkThroughputMbps = downlinkThroughputMbps
            self.uplinkThroughputMbps = uplinkThroughputMbps; self.downlinkLatency = downlinkLatency
            self.uplinkLatency = uplinkLatency; self.latencyTargetMs = latencyTargetMs; self.latencyTargetMet = latencyTargetMet
        }
    }

    /// Per NTN cell: the geometry its UEs saw and the handovers between platforms.
    public struct NTNCell: Codable, Sendable {
        public var cell: String
        public var platform: String
        public var handovers: Int
        public var interruptionMs: Double
        public var feederSwitches: Int
        public var elevationDegMin: Double
        public var elevationDegMax: Double
        public var elevationDegMean: Double
        public var oneWayDelayMsMin: Double
        public var oneWayDelayMsMax: Double
        public var dopplerHzMaxAbs: Double
        public var pathLossDbMean: Double
        public var sinrDbMean: Double
        public init(_ r: NTNCellReport) {
            let n = Double(max(1, r.samples))
            cell = r.cell; platform = r.platform; handovers = r.handovers; interruptionMs = r.interruptionMs
            feederSwitches = r.feederSwitches
            elevationDegMin = r.elevationDegMin.rounded(toPlaces: 2); elevationDegMax = r.elevationDegMax.rounded(toPlaces: 2)
            elevationDegMean = (r.elevationDegSum / n).rounded(toPlaces: 2)
            oneWayDelayMsMin = r.oneWayDelayMsMin.rounded(toPlaces: 3); oneWayDelayMsMax = r.oneWayDelayMsMax.rounded(toPlaces: 3)
            dopplerHzMaxAbs = r.dopplerHzMaxAbs.rounded(toPlaces: 1)
            pathLossDbMean = (r.pathLossDbSum / n).rounded(toPlaces: 2); sinrDbMean = (r.sinrDbSum / n).rounded(toPlaces: 2)
        }
    }

    public struct Process: Codable, Sendable {
        public var node: String
        public var role: String
        public var vendor: String?
        public var pid: Int32
        public var exitStatus: Int32?
        public var complete: Bool
        public var cpuSeconds: Double
        public var slotsRun: UInt64
        public var lateSlots: UInt64
        public var messagesIn: UInt64
        public var messagesOut: UInt64
        public var bytesIn: UInt64
        public var bytesOut: UInt64
        public var decodeErrors: UInt64
        /// Every refused unit by cause (malformed, unknownPeer, wrongInterface, outOfWindow,
        /// pastSlot, unknownTEID); nil when none was refused.
        public var refusedUnits: [String: UInt64]?
        /// Units the node sent that a `faults:` entry dropped, delayed or corrupted; nil when none.
        public var impairedUnits: [String: UInt64]?
        /// Slots a `faults:` entry kept the node frozen; nil when none.
        public var frozenSlots: UInt64?
        /// CU: uplink SDUs its PDCP dropped as duplicates; nil when none.
        public var uplinkDuplicatesDiscarded: UInt64?
        /// Each time a restart fault killed the node and a new one took its place; nil when none.
        public var restarts: [Restart]?
        /// Resident memory of the node's process, kB: after warm-up (the first sample past a tenth
        /// of the run), at its largest, and at the last sample. One process for every node in
        /// an in-process run.
        public var rssAfterWarmupKB: UInt64?
        public var rssMaxKB: UInt64?
        public var rssEndKB: UInt64?
        public init(node: String, role: String, vendor: String?, pid: Int32, exitStatus: Int32?, complete: Bool, cpuSeconds: Double, slotsRun: UInt64, lateSlots: UInt64, messagesIn: UInt64, messagesOut: UInt64, bytesIn: UInt64, bytesOut: UInt64, decodeErrors: UInt64) {
            self.node = node; self.role = role; self.vendor = vendor; self.pid = pid; self.exitStatus = exitStatus; self.complete = complete; self.cpuSeconds = cpuSeconds; self.slotsRun = slotsRun; self.lateSlots = lateSlots; self.messagesIn = messagesIn; self.messagesOut = messagesOut; self.bytesIn = bytesIn; self.bytesOut = bytesOut; self.decodeErrors = decodeErrors
        }
    }

    /// A node killed by a restart fault and started again.
    public struct Restart: Codable, Sendable, Equatable {
        /// Emulated time of the kill, and of the new node's first slot, ms.
        public var killedAtMs: Double
        public var backAtMs: Double
        /// The killed process (the launcher's own in an in-process run).
        public var killedPid: Int32
        /// What died with it: the DU's queued RLC SDUs and bytes, its unacknowledged HARQ blocks.
        public var lost: [String: UInt64]?
        public init(killedAtMs: Double, backAtMs: Double, killedPid: Int32, lost: [String: UInt64]? = nil) {
            self.killedAtMs = killedAtMs; self.backAtMs = backAtMs; self.killedPid = killedPid; self.lost = lost
        }
    }

    public struct Failure: Codable, Sendable {
        public var node: String?
        public var exitStatus: Int32?
        public var reason: String
        public var lastLogLines: [String]
        public init(node: String?, exitStatus: Int32?, reason: String, lastLogLines: [String]) {
            self.node = node; self.exitStatus = exitStatus; self.reason = reason; self.lastLogLines = lastLogLines
        }
    }

    public var scenario: String
    public var seed: UInt64
    public var clock: String
    public var numerology: Int
    public var status: Status
    public var emulatedDurationMs: Double
    /// Emulated time the slowest node reached (less than the duration when interrupted).
    public var emulatedReachedMs: Double
    public var slots: UInt64
    public var wallDurationS: Double
    public var wallRealTimeFactor: Double
    public var ues: [UE]
    public var cells: [Cell]
    public var slices: [Slice] = []
    /// The span throughput, loss and fairness are measured over (nil in summaries written before it).
    public var measurementWindow: Window?
    /// UEs that never attached or lost at least half their packets in a direction.
    public var flaggedUEs: [FlaggedUE] = []
    public var ntn: [NTNCell] = []
    /// With an orchestrator: its policy, energy, latency-target attainment, and actions.
    public var policy: String?
    public var energy: Energy?
    public var attainment: Attainment?
    public var actions: Actions?
    /// Slots whose vDU or vCU processing overran the slot, summed over the nodes.
    public var computeLateSlots: UInt64?
    /// UEs moved between DUs by their CU (orchestrator steering).
    public var interDUHandovers: UInt64?
    /// Packets vCUs dropped with a full backlog.
    public var computeDroppedPackets: UInt64?
    /// REPORT messages the launcher refused (malformed, from no node of the scenario, or more
    /// than a run can produce); nil when none.
    public var refusedReports: Int?
    public var processes: [Process]
    public var captureRecords: Int
    public var captureRecordsSkipped: Int
    public var failure: Failure?
    public init(scenario: String, seed: UInt64, clock: String, numerology: Int, status: Status, emulatedDurationMs: Double, emulatedReachedMs: Double, slots: UInt64, wallDurationS: Double, wallRealTimeFactor: Double, ues: [UE], cells: [Cell], processes: [Process], captureRecords: Int, captureRecordsSkipped: Int, failure: Failure?) {
        self.scenario = scenario; self.seed = seed; self.clock = clock; self.numerology = numerology; self.status = status; self.emulatedDurationMs = emulatedDurationMs; self.emulatedReachedMs = emulatedReachedMs; self.slots = slots; self.wallDurationS = wallDurationS; self.wallRealTimeFactor = wallRealTimeFactor; self.ues = ues; self.cells = cells; self.processes = processes; self.captureRecords = captureRecords; self.captureRecordsSkipped = captureRecordsSkipped; self.failure = failure
    }
}
