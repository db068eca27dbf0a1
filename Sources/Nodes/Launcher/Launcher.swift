import Foundation
import Interfaces
import Logging
import Report
import Scenario
import Synchronization
import Transport

/// Exit statuses of `b5g run`, documented in the README.
public enum RunExitCode {
    public static let ok: Int32 = 0
    public static let nodeFailed: Int32 = 1
    public static let badScenario: Int32 = 2
    public static let setupFailed: Int32 = 3
    public static let interrupted: Int32 = 130
    /// A file of the run folder could not be written (disk full, I/O error): the others are kept.
    public static let resultsNotWritten: Int32 = 4
}

/// Set by SIGINT/SIGTERM in the launcher: stop the nodes, keep what they measured.
public let launcherInterrupted = Atomic<Bool>(false)

/// `b5g run`: starts every node of a scenario as its own process, wires their endpoints,
/// collects their reports over the report interface and writes the run folder.
public final class Launcher {
    public struct Options: Sendable {
        public var scenarioPath: String
        public var scenario: Scenario
        public var outDirectory: String?
        public var seedOverride: UInt64?
        public var clockOverride: ClockMode?
        /// Replaces the scenario's orchestrator policy (`b5g run --policy`).
        public var policyOverride: OrchestratorPolicyName?
        public var quiet: Bool
        /// Print the results table at the end (off when `b5g compare` tabulates many runs).
        public var printsSummary = true
        /// Run every node in the launcher's process (`--in-process`) instead of one process each.
        public var inProcess = false
        /// Threads of an in-process virtual-time run (1 or 2; default: 2 where the machine has 2 cores).
        public var inProcessThreads = min(2, ProcessInfo.processInfo.activeProcessorCount)
        public var executable: String
        /// The scenario's YAML with any `--set` overrides applied; nil: the file at `scenarioPath`.
        /// Written to the run folder as `scenario.yaml`, which node processes then read.
        public var scenarioYAML: String?
        /// Separate processes: wall seconds a node may go unheard while others wait for it before
        /// the run is stopped naming it (`--silence-limit`).
        public var silenceLimitS: Double = 10
        /// Virtual time, separate processes: the nodes' threads and their ZeroMQ I/O threads run
        /// under SCHED_FIFO, as in real time (`--realtime-priority`).
        public var realTimePriority = false
        public init(scenarioPath: String, scenario: Scenario, outDirectory: String?, seedOverride: UInt64?,
                    clockOverride: ClockMode?, policyOverride: OrchestratorPolicyName? = nil, quiet: Bool, executable: String) {
            self.scenarioPath = scenarioPath; self.scenario = scenario; self.outDirectory = outDirectory
            self.seedOverride = seedOverride; self.clockOverride = clockOverride; self.policyOverride = policyOverride
            self.quiet = quiet; self.executable = executable
        }
    }

    let options: Options
    let topology: Topology
    let logger: Logger
    public private(set) var runFolder = ""
    private var scenarioRecordWritten = false
    /// The summary written by the last `run()`.
    public private(set) var summary: RunSummary?
    var children: [NodeProcess] = []
    /// Every node's final report of the last run, by node name.
    public internal(set) var reports: [String: NodeReport] = [:]
    /// Reports of nodes killed by restart faults, per node in time order.
    var restartReports: [String: [NodeReport]] = [:]
    /// Restart faults whose node has reported and waits to be killed (separate processes only).
    var restartsDue: [(node: String, fault: Int)] = []
    var progress: [String: NodeProgress] = [:]
    /// When each node was last heard (any report), and what the waiting ones wait for.
    var lastHeard: [String: Date] = [:]
    var waiting: [String: (peers: [String], at: Date)] = [:]
    var samples: [CellSample] = []
    var ntnSamples: [NTNSample] = []
    /// Per-UE samples for ue-timeseries.csv (kept only with `output.ueTimeseries`).
    var ueSamples: [UESample] = []
    /// Cell and group traffic per interval, joined from the sinks' reports.
    var intervalTraffic: [IntervalTraffic] = []
    lazy var trafficMerger = TrafficIntervalMerger(sinks: options.scenario.nodes.filter { $0.role == .ue || $0.role == .core }.map(\.name))
    /// Live metrics, when the scenario or `--metrics-port` asks for them.
    var liveMetrics: LiveMetricsEndpoint?
    private var captures = CaptureCollector(maxRecords: 0)
    var setupFailure: String?
    var failure: RunSummary.Failure?
    let console: RunConsole
    /// Resident memory samples per node, from its progress reports.
    var memory: [String: MemorySamples] = [:]
    /// Exit status per node: of its process, or what the in-process run gave it.
    var exitStatuses: [String: Int32] = [:]

    public init(options: Options, logger: Logger) {
        self.options = options
        topology = Topology(scenario: options.scenario)
        self.logger = logger
        console = RunConsole(quiet: options.quiet)
        captures = CaptureCollector(maxRecords: options.scenario.capture.maxRecords)
    }

    /// The topology as the nodes build it (files the scenario names are found beside it).
    var nodeTopology: Topology {
        var t = Topology(scenario: options.scenario)
        t.scenarioDirectory = URL(fileURLWithPath: options.scenarioPath).deletingLastPathComponent().path
        return t
    }

    /// Where node processes read the scenario: the run folder's `scenario.yaml` once written.
    var nodeScenarioPath: String {
        scenarioRecordWritten ? "\(runFolder)/scenario.yaml" : options.scenarioPath
    }

    /// Writes what ran to `scenario.yaml` in the run folder: the overridden text, or the file's.
    /// - Throws: ``ResultWriteError`` when it cannot be written (disk full): nothing is started.
    private func writeScenarioRecord() throws(ResultWriteError) {
        let text = options.scenarioYAML
            ?? (try? String(contentsOfFile: options.scenarioPath, encoding: .utf8))
        guard let text else { return }
        let path = "\(runFolder)/scenario.yaml"
        do {
            try ResultWriter.write(text, to: path)
        } catch {
            throw ResultWriteError(failures: [.init(file: path, reason: ResultWriteError.reason(error))])
        }
        scenarioRecordWritten = true
    }

    /// Runs the scenario to its end (or failure, or interruption); returns the exit status.
    public func run() throws -> Int32 {
        let scenario = options.scenario
        // Bound first: a port that cannot be bound leaves nothing behind, not even a run folder.
        if let port = scenario.metrics?.port {
            do {
                liveMetrics = try LiveMetricsEndpoint(topology: topology, port: port)
            } catch {
                throw LiveMetricsError(reason: error.description)
            }
        }
        defer { liveMetrics?.stop() }
        runFolder = try RunFolder.create(scenarioName: scenario.name, requested: options.outDirectory)
        try writeScenarioRecord()
        if let liveMetrics { console.message(liveMetrics.announcement) }
        let started = Date()
        var interrupted: Bool
        if options.inProcess {
            interrupted = try runInProcess(started: started)
        } else {
            interrupted = try runProcesses(started: started)
        }
        console.finish()
        keepFinished(trafficMerger.finishAll())
        let wall = Date().timeIntervalSince(started)
        let status: RunSummary.Status = interrupted ? .interrupted
            : setupFailure != nil ? .setupFailed : failure != nil ? .nodeFailed : .ok
        var summary = SummaryBuilder(topology: topology).build(reports: reportsWithRestarts, restarts: restartReports, exitStatuses: exitStatuses, memory: memory, status: status,
                                                               wallDurationS: wall, captures: captures, failure: failure)
        if refusedReports > 0 { summary.refusedReports = refusedReports }
        var writeError: ResultWriteError?
        do {
            try ResultWriter(folder: runFolder, scenario: scenario).write(summary: summary, samples: samples + outageSamples, ntnSamples: ntnSamples,
                                                                          series: TimeSeries(cellTraffic: intervalTraffic, ues: ueSamples,
                                                                                             ueNames: Dictionary(uniqueKeysWithValues: topology.ues.map { ($0.id, $0.name) })),
                                                                          reports: reports, captures: captures)
        } catch {
            writeError = error
        }
        if options.printsSummary { console.printTable(summary, folder: runFolder) }
        self.summary = summary
        if let writeError {
            FileHandle.standardError.write(Data("b5g run: \(writeError)\n".utf8))
            return RunExitCode.resultsNotWritten
        }
        switch status {
        case .ok: return RunExitCode.ok
        case .interrupted: return RunExitCode.interrupted
        case .setupFailed: return RunExitCode.setupFailed
        case .nodeFailed: return RunExitCode.nodeFailed
        }
    }

    /// The last lines of a node's log in the run folder (in-process runs write them there too).
    func lastLogLines(of node: String, _ n: Int = 10) -> [String] {
        guard let text = try? String(contentsOfFile: "\(runFolder)/logs/\(node).log", encoding: .utf8) else { return [] }
        return Array(text.split(separator: "\n").suffix(n).map(String.init))
    }

    func stopAll(_ why: String) {
        logger.notice("stopping nodes", metadata: ["reason": "\(why)"])
        for child in children { child.signal(SIGTERM) }
    }

    /// Takes a REPORT message. A report must come from a node of the scenario and carry that
    /// node's own index and name; progress rows are bounded by what the run can produce, so a
    /// stray or forged sender can neither end the run nor grow the launcher.
    /// `sender`: the node the report socket authenticated the message as (its CURVE key), when
    /// known; a report whose header names another node is refused.
    func ingest(_ bytes: [UInt8], authenticatedAs sender: String? = nil) {
        let (units, error) = decodeUnits(bytes)
        if error != nil { gate.refused += 1 }
        for unit in units where unit.header.interface == .report {
            if let sender, topology.node(sender) == nil || topology.nodeIndex(sender) != unit.header.sourceNode {
                gate.refused += 1
                continue
            }
            do {
                ingest(try ReportMessage.decode(messageType: unit.header.messageType, body: unit.payload), source: unit.header.sourceNode)
            } catch {
                gate.refused += 1
            }
        }
    }

    /// Takes one report from the node whose index is `source` (decoded, or handed over as it is
    /// by a run in this process).
    func ingest(_ message: ReportMessage, source: UInt16) {
        func from(_ node: String) -> Bool { gate.admits(node: node, source: source) }
        switch message {
        case .progress(let p):
            if let peers = p.waitingFor {
                guard gate.admitsWaiting(node: p.node, source: source) else { return }
                lastHeard[p.node] = Date()
                waiting[p.node] = peers.isEmpty ? nil : (peers, Date())
                return
            }
            guard gate.admitsProgress(node: p.node, source: source) else { return }
            lastHeard[p.node] = Date()
            waiting[p.node] = nil
            progress[p.node] = p
            if let rss = p.rssKB { memory[p.node, default: MemorySamples()].add(rss, atSlot: p.slot, of: topology.totalSlots) }
            samples += p.cells
            ntnSamples += p.ntn
            liveMetrics?.metrics.record(p, role: topology.node(p.node)?.role.rawValue ?? "")
            if let traffic = p.traffic {
                // At most a sample per UE and direction per report, whatever a report claims.
                if options.scenario.output.ueTimeseries { ueSamples += traffic.ues.prefix(2 * topology.ues.count) }
                keepFinished(trafficMerger.add(traffic, from: p.node))
            }
        case .final(let r):
            if from(r.node) { reports[r.node] = r }
        case .restarting(let r):
            // As many as the node has restart faults: a forged one cannot add more.
            let done = restartReports[r.node]?.count ?? 0
            if from(r.node), done < topology.restarts(of: r.node).count {
                restartReports[r.node, default: []].append(r)
                // A separate process is killed and started again; in one process the network did it.
                if !options.inProcess { restartsDue.append((r.node, done)) }
                lastHeard[r.node] = Date()
            } else {
                gate.refused += 1
            }
        case .capture(let body):
            if gate.admits(source: source), let records = try? CaptureBatch.decode(body) {
                captures.add(records)
            }
        case .unframedCapture(let raw):
            if gate.admits(source: source) { captures.add(CaptureSink.records(raw)) }
        case .setupFailed(let f):
            if from(f.node), setupFailure == nil {
                // Said once, in the end table: a failed setup ends the run at once.
                setupFailure = f.reason
            }
        case .ready(let r):
            if from(r.node) {
                progress[r.node] = progress[r.node] ?? NodeProgress(node: r.node, slot: 0, lateSlots: 0)
                lastHeard[r.node] = Date()
            }
        }
    }

    /// Keeps finished cell intervals for timeseries.csv and shows every finished one live.
    private func keepFinished(_ finished: [IntervalTraffic]) {
        for t in finished {
            if t.scope == .cell { intervalTraffic.append(t) }
            liveMetrics?.metrics.record(t)
        }
    }

    /// The node to blame for a stall: every node has reported, some still wait (they said so in
    /// the last two seconds), and this one, unfinished and alive, has been silent for longer than
    /// the limit. Among several silent ones: the one most waited for, then the lowest slot.
    func silentNode(now: Date) -> (node: String, silentS: Double, waiters: [String])? {
        guard progress.count == children.count else { return nil }
        let waiters = waiting.filter { now.timeIntervalSince($0.value.at) < 2 }
        guard !waiters.isEmpty else { return nil }
        let silent = children.filter { child in
            !child.hasExited && (progress[child.node]?.slot ?? 0) < topology.totalSlots
                && now.timeIntervalSince(lastHeard[child.node] ?? now) > options.silenceLimitS
        }.map(\.node)
        func waitedFor(_ node: String) -> [String] { waiters.filter { $0.value.peers.contains(node) }.keys.sorted() }
        guard let node = silent.min(by: { a, b in
            let (wa, wb) = (waitedFor(a).count, waitedFor(b).count)
            if wa != wb { return wa > wb }
            let (sa, sb) = (progress[a]?.slot ?? 0, progress[b]?.slot ?? 0)
            return sa != sb ? sa < sb : a < b
        }) else { return nil }
        return (node, now.timeIntervalSince(lastHeard[node] ?? now), waitedFor(node))
    }

    private lazy var gate = ReportGate(topology: topology)
    /// REPORT messages refused: malformed, from no node of the scenario, or beyond the bound.
    public var refusedReports: Int { gate.refused }
}

extension Launcher.Options {
    /// `B5G_REPORT_ENDPOINT` overrides where nodes report (e.g. a collector on another host).
    var environmentReportEndpoint: String? { ProcessInfo.processInfo.environment["B5G_REPORT_ENDPOINT"] }
}

/// A node's resident memory over a run: after warm-up (a tenth of the run), largest, last.
struct MemorySamples {
    var afterWarmupKB: UInt64?
    var maxKB: UInt64 = 0
    var lastKB: UInt64 = 0

    mutating func add(_ kB: UInt64, atSlot slot: UInt64, of total: UInt64) {
        if afterWarmupKB == nil, slot * 10 >= total { afterWarmupKB = kB }
        maxKB = max(maxKB, kB)
        lastKB = kB
    }
}

/// Capture records from every node, kept up to a bound and written in time order.
struct CaptureCollector {
    let maxRecords: Int
    private(set) var records: [(timestampNs: UInt64, record: CaptureFraming.Record)] = []
    private(set) var skipped = 0

    init(maxRecords: Int) { self.maxRecords = maxRecords }

    mutating func add(_ batch: [(timestampNs: UInt64, record: CaptureFraming.Record)]) {
        let room = max(0, maxRecords - records.count)
        records += batch.prefix(room)
        skipped += max(0, batch.count - room)
    }
}
