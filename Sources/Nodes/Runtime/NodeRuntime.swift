import Foundation
import Interfaces
import Logging
import Report
import Scenario
import Synchronization
import Transport

/// How a node process is started: from the scenario, and optionally a launcher to report to.
public struct NodeOptions: Sendable {
    public var scenario: Scenario
    public var nodeName: String
    /// Launcher's report endpoint; nil when the node runs on its own.
    public var reportEndpoint: String?
    /// Folder for ipc:// endpoints.
    public var ipcDirectory: String
    public var environment: [String: String]
    /// Real-time mode: wall instant of slot 0 (Unix ns); nil = when setup completes.
    public var epochUnixNs: UInt64?
    public var stallTimeoutS: Double
    public var setupTimeoutS: Double

    public init(scenario: Scenario, nodeName: String, reportEndpoint: String? = nil, ipcDirectory: String,
                environment: [String: String] = ProcessInfo.processInfo.environment, epochUnixNs: UInt64? = nil,
                stallTimeoutS: Double = 30, setupTimeoutS: Double = 20) {
        self.scenario = scenario; self.nodeName = nodeName; self.reportEndpoint = reportEndpoint
        self.ipcDirectory = ipcDirectory; self.environment = environment; self.epochUnixNs = epochUnixNs
        self.stallTimeoutS = stallTimeoutS; self.setupTimeoutS = setupTimeoutS
    }
}

/// Why a node stopped early.
public enum NodeFailure: Error, CustomStringConvertible {
    case setup(SetupFailure)
    case setupTimeout(waitingFor: String)
    case stalled(waitingFor: [String], slot: UInt64)
    case transport(String)

    public var description: String {
        switch self {
        case let .setup(f): f.description
        case let .setupTimeout(w): "setup timed out waiting for \(w)"
        case let .stalled(peers, slot): "stalled at slot \(slot) waiting for \(peers.joined(separator: ", "))"
        case let .transport(why): why
        }
    }

    /// Process exit status: 3 for a failed setup procedure, 1 otherwise.
    public var exitCode: Int32 { if case .setup = self { 3 } else { 1 } }
}

/// Set by SIGTERM/SIGINT: the node stops at the next slot boundary and reports what it has.
public let nodeStopRequested = Atomic<Bool>(false)

/// The process around a role: binds its inbox, connects to peers, runs setup, then the
/// slot loop of the virtual-time protocol, and reports to the launcher.
public final class NodeRuntime {
    let options: NodeOptions
    let topology: Topology
    let role: NodeBehavior
    let io: NodeIO
    let logger: Logger
    let context: MessagingContext
    let inbox: MessageSocket
    var outlets: [MessageSocket] = []
    let reporter: MessageSocket?
    var pacer: SlotPacer
    var pending: [UInt64: [WireUnit]] = [:]
    var nextSlot: UInt64 = 0
    let launchedByParent: pid_t

    public init(options: NodeOptions, role: NodeBehavior, logger: Logger) throws {
        self.options = options
        self.role = role
        self.logger = logger
        topology = Topology(scenario: options.scenario)
        let scenario = options.scenario
        func endpoint(_ node: String) throws -> String {
            try scenario.endpoint(forNode: node, environment: options.environment, ipcDirectory: options.ipcDirectory)
        }
        let links = try topology.links(of: options.nodeName).map {
            PeerLink(peer: $0.peer, peerIndex: $0.peerIndex, delaySlots: $0.delaySlots, interfaces: $0.interfaces,
                     endpoint: try endpoint($0.peer))
        }
        io = NodeIO(topology: topology, nodeName: options.nodeName, links: links, logger: logger)
        pacer = SlotPacer(mode: options.scenario.clock, slotDurationNs: topology.slotDurationNs, clock: SystemWallClock())
        launchedByParent = getppid()
        do {
            context = try MessagingContext()
            inbox = try MessageSocket(context: context, kind: .pull)
            try inbox.setReceiveHighWaterMark(0)
            try inbox.bind(try endpoint(options.nodeName))
            for link in links {
                let s = try MessageSocket(context: context, kind: .push)
                try s.setSendHighWaterMark(0)
                try s.connect(link.endpoint)
                outlets.append(s)
            }
            if let report = options.reportEndpoint {
                let s = try MessageSocket(context: context, kind: .push)
                try s.setSendHighWaterMark(0)
                try s.setLingerMs(5_000)
                try s.connect(report)
                reporter = s
            } else {
                reporter = nil
            }
        } catch {
            throw NodeFailure.transport("\(error)")
        }
        if options.scenario.capture.enabled, reporter != nil {
            io.capture = CaptureSink(maxRecords: options.scenario.capture.maxRecords, epochNs: 0)
        }
    }

    /// Runs setup and every slot; returns the exit status of the process.
    public func run() -> Int32 {
        let started = Date()
        var failure: NodeFailure?
        do {
            try runSetup()
            report(ReportMessageType.ready, NodeReady(node: options.nodeName, pid: getpid()))
            logger.info("setup complete", metadata: ["node.links": "\(io.links.map(\.peer))"])
            try runSlots()
            if role.collectsAfterEnd && nextSlot >= topology.totalSlots { try collectAfterEnd() }
        } catch let f as NodeFailure {
            failure = f
        } catch {
            failure = .transport("\(error)")
        }
        if let failure {
            logger.error("node failed", metadata: ["reason": "\(failure)"])
            if case let .setup(f) = failure {
                report(ReportMessageType.setupFailed, NodeSetupFailed(node: options.nodeName, reason: f.description))
            }
        }
        flushCapture()
        let complete = failure == nil && nextSlot >= topology.totalSlots
        report(ReportMessageType.final, makeReport(complete: complete))
        logger.info("node stopped", metadata: ["slots": "\(nextSlot)", "complete": "\(complete)",
                                              "wall_s": "\(Date().timeIntervalSince(started))"])
        close()
        return failure?.exitCode ?? 0
    }

    // MARK: Setup

    private func runSetup() throws {
        let deadline = Date().addingTimeInterval(options.setupTimeoutS)
        var nextRetry = Date.distantPast
        while !role.isSetUp {
            if nodeStopRequested.load(ordering: .relaxed) { return }
            if Date() >= deadline {
                throw NodeFailure.setupTimeout(waitingFor: io.links.map(\.peer).joined(separator: ", "))
            }
            if Date() >= nextRetry {
                role.sendSetupRequests(io)
                flushBatches(endOfWindow: nil)
                nextRetry = Date().addingTimeInterval(0.25)
            }
            try receiveOnce(timeoutMs: 50)
            flushBatches(endOfWindow: nil)
        }
        if options.scenario.clock == .realtime {
            let wallNow = UInt64(Date().timeIntervalSince1970 * 1e9)
            let monoNow = SystemWallClock().nowNs()
            let epoch = options.epochUnixNs.map { $0 > wallNow ? monoNow + ($0 - wallNow) : monoNow } ?? monoNow
            pacer.start(atNs: epoch)
        }
    }

    // MARK: Slots

    private func runSlots() throws {
        let total = topology.totalSlots
        let progressEvery = max(1, UInt64(100_000 / topology.numerology.slotDurationUs))   // 100 ms of emulated time
        var lastProgressAt: UInt64 = 0
        var lastAdvance = Date()
        while nextSlot < total {
            if nodeStopRequested.load(ordering: .relaxed) { return }
            if options.reportEndpoint != nil, getppid() != launchedByParent {
                throw NodeFailure.transport("launcher exited")
            }
            try drainInbox()
            let horizon = self.horizon()
            guard horizon >= Int64(nextSlot) else {
                if Date().timeIntervalSince(lastAdvance) > options.stallTimeoutS {
                    let waiting = io.links.filter { $0.closedThrough + Int64($0.delaySlots) < Int64(nextSlot) }.map(\.peer)
                    throw NodeFailure.stalled(waitingFor: waiting, slot: nextSlot)
                }
                try receiveOnce(timeoutMs: 100)
                continue
            }
            let last = min(UInt64(horizon), total - 1)
            while nextSlot <= last {
                pacer.waitForStart(of: nextSlot)
                runOneSlot(nextSlot)
                pacer.finished(nextSlot)
                nextSlot += 1
                if pacer.flushesEverySlot || nextSlot > last { flushBatches(endOfWindow: nextSlot - 1) }
                if nextSlot - lastProgressAt >= progressEvery || nextSlot == total {
                    lastProgressAt = nextSlot
                    sendProgress()
                }
                if nodeStopRequested.load(ordering: .relaxed) { break }
            }
            lastAdvance = Date()
        }
    }

    /// Waits (bounded) until every peer has closed its last window, then hands the role what
    /// arrived stamped after the last slot.
    private func collectAfterEnd() throws {
        let lastSlot = Int64(topology.totalSlots) - 1
        let deadline = Date().addingTimeInterval(min(options.stallTimeoutS, 10))
        while io.links.contains(where: { $0.closedThrough < lastSlot }), Date() < deadline {
            if nodeStopRequested.load(ordering: .relaxed) { return }
            try receiveOnce(timeoutMs: 50)
        }
        try drainInbox()
        let late = pending.keys.sorted().flatMap { slot in
            pending[slot]!.sorted { ($0.header.sourceNode, $0.header.sequence) < ($1.header.sourceNode, $1.header.sequence) }
        }
        pending.removeAll()
        role.finishRun(lateUnits: late, io)
    }

    private func runOneSlot(_ slot: UInt64) {
        io.slot = slot
        if var units = pending.removeValue(forKey: slot) {
            // Arrival order across peers depends on the OS; (source, sequence) does not.
            units.sort { ($0.header.sourceNode, $0.header.sequence) < ($1.header.sourceNode, $1.header.sequence) }
            for unit in units { role.handle(unit, io) }
        }
        role.runSlot(io)
    }

    /// The last slot this node may process: every input link has closed far enough.
    private func horizon() -> Int64 {
        io.links.map { $0.closedThrough + Int64($0.delaySlots) }.min() ?? Int64(topology.totalSlots)
    }

    // MARK: Receiving

    private func drainInbox() throws {
        while try receiveOnce(timeoutMs: 0) {}
    }

    @discardableResult
    private func receiveOnce(timeoutMs: Int) throws -> Bool {
        var buffer: [UInt8] = []
        guard try inbox.receive(into: &buffer, timeoutMs: timeoutMs) else { return false }
        ingest(buffer)
        if let failure = setupFailure { throw NodeFailure.setup(failure) }
        return true
    }

    private func ingest(_ bytes: [UInt8]) {
        let (units, error) = decodeUnits(bytes)
        if let error {
            io.counters.decodeErrors += 1
            logger.warning("dropped malformed message", metadata: ["error": "\(error)", "bytes": "\(bytes.count)"])
        }
        for unit in units {
            // Setup retries depend on wall time: counted apart so slot traffic counts replay exactly.
            // So are end-of-window markers: how many slots a window holds depends on timing.
            if isSetupMessage(unit.header) || unit.header.interface == .sync {
                io.counters.protocolMessages += 1
            } else {
                io.counters.messagesIn += 1
                io.counters.bytesIn += UInt64(WireHeader.size + unit.payload.count)
            }
            guard let li = io.links.firstIndex(where: { $0.peerIndex == unit.header.sourceNode }),
                  unit.header.destinationNode == io.nodeIndex else {
                io.counters.decodeErrors += 1
                continue
            }
            if unit.header.interface == .sync {
                io.links[li].closedThrough = max(io.links[li].closedThrough, Int64(unit.header.slot))
            } else if isSetupMessage(unit.header) {
                do {
                    try role.handleSetup(unit, io)
                } catch {
                    // Reported after the loop unwinds: the failure ends this node.
                    setupFailure = error.failure
                }
            } else if unit.header.slot < nextSlot {
                io.counters.decodeErrors += 1
                logger.warning("message for a past slot dropped",
                               metadata: ["slot": "\(unit.header.slot)", "from": "\(io.links[li].peer)"])
            } else {
                pending[unit.header.slot, default: []].append(unit)
            }
        }
    }

    /// A setup failure seen while ingesting; thrown by the receive that saw it.
    var setupFailure: SetupFailure?

    // MARK: Sending

    private func flushBatches(endOfWindow: UInt64?) {
        for i in io.links.indices {
            if let eow = endOfWindow {
                let l = io.links[i]
                appendUnit(to: &io.links[i].batch, interface: .sync, messageType: SyncMessageType.endOfWindow,
                           source: io.nodeIndex, destination: l.peerIndex, slot: eow, sequence: l.sequence) { _ in }
                io.links[i].sequence &+= 1
                io.counters.protocolMessages += 1
            }
            guard io.links[i].batch.count > 0 else { continue }
            do {
                try outlets[i].send(io.links[i].batch.bytes)
            } catch {
                logger.error("send failed", metadata: ["peer": "\(io.links[i].peer)", "error": "\(error)"])
            }
            io.links[i].batch = ByteWriter(reusing: io.links[i].batch.bytes)
        }
        flushCapture()
    }

    private func flushCapture() {
        guard let batch = io.capture?.takeBatch() else { return }
        sendReport(ReportMessageType.capture, batch)
    }

    // MARK: Reporting

    private func sendProgress() {
        report(ReportMessageType.progress, NodeProgress(node: options.nodeName, slot: nextSlot,
                                                        lateSlots: pacer.lateSlots, cells: role.progressSamples(io),
                                                        ntn: role.ntnSamples(io)))
    }

    private func report<T: Encodable>(_ type: UInt8, _ value: T) {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        guard let body = try? encoder.encode(value) else { return }
        sendReport(type, Array(body))
    }

    private func sendReport(_ type: UInt8, _ body: [UInt8]) {
        guard let reporter else { return }
        var w = ByteWriter(capacity: WireHeader.size + body.count)
        appendUnit(to: &w, interface: .report, messageType: type, source: io.nodeIndex, destination: 0xFFFF,
                   slot: nextSlot, sequence: 0) { $0.append(contentsOf: body) }
        try? reporter.send(w.bytes)
    }

    private func makeReport(complete: Bool) -> NodeReport {
        let me = topology.node(options.nodeName)
        var r = NodeReport(node: options.nodeName, role: me?.role.rawValue ?? "", vendor: me?.vendor, pid: getpid(),
                           complete: complete)
        r.slotsRun = nextSlot
        r.lateSlots = pacer.lateSlots
        r.cpuSeconds = processCPUSeconds()
        r.messagesIn = io.counters.messagesIn; r.messagesOut = io.counters.messagesOut
        r.bytesIn = io.counters.bytesIn; r.bytesOut = io.counters.bytesOut
        r.decodeErrors = io.counters.decodeErrors
        r.protocolMessages = io.counters.protocolMessages
        role.fillReport(&r)
        return r
    }

    private func close() {
        for s in outlets { s.close() }
        inbox.close()
        reporter?.close()
        context.close()
    }
}

/// User + system CPU time of this process.
func processCPUSeconds() -> Double {
    var usage = rusage()
    getrusage(__rusage_who_t(RUSAGE_SELF.rawValue), &usage)
    return Double(usage.ru_utime.tv_sec) + Double(usage.ru_utime.tv_usec) / 1e6
        + Double(usage.ru_stime.tv_sec) + Double(usage.ru_stime.tv_usec) / 1e6
}
