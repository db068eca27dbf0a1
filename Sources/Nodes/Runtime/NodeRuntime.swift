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
    /// Folder of the scenario file, for the files it names (TLE).
    public var scenarioDirectory = "."
    /// Folder of the run's CurveZMQ keys (`transport.security: curve`), as `RunKeys` writes it.
    public var keysDirectory: String?
    /// Set when the launcher starts this node again after a restart fault: which of the node's
    /// restart faults (0 = the first) it comes back from.
    public var restartIndex: Int?

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
    /// The role stopped the run (its reason).
    case role(String)

    public var description: String {
        switch self {
        case let .setup(f): f.description
        case let .setupTimeout(w): "setup timed out waiting for \(w)"
        case let .stalled(peers, slot): "stalled at slot \(slot) waiting for \(peers.joined(separator: ", "))"
        case let .transport(why): why
        case let .role(why): why
        }
    }

    /// Process exit status: 3 for a failed setup procedure, 1 otherwise.
    public var exitCode: Int32 { if case .setup = self { 3 } else { 1 } }
}

/// Set by SIGTERM/SIGINT: the node stops at the next slot boundary and reports what it has.
public let nodeStopRequested = Atomic<Bool>(false)

/// The process shell around a node's engine: binds its inbox, connects to peers, keeps wall
/// time in real-time runs, moves the engine's bytes over ZeroMQ and reports to the launcher.
/// The protocol itself lives in `NodeEngine`.
public final class NodeRuntime {
    let options: NodeOptions
    let engine: NodeEngine
    let logger: Logger
    let context: MessagingContext
    let inbox: MessageSocket
    var outlets: [MessageSocket] = []
    /// The launcher's report socket: in real time behind its own thread, so that encoding and
    /// sending a report never makes a slot late; in virtual time used by this thread (both nil
    /// when the node runs on its own).
    let reporter: ReportSender?
    let reportSocket: MessageSocket?
    var pacer: SlotPacer
    let wallClock: WallClock
    let launchedByParent: pid_t
    /// Lets in only this node's peers when links use CURVE.
    private var authenticator: CurveAuthenticator?
    /// This node's mark in the launcher's private folder (nodes started by a launcher only).
    private var presence: RunPresence?
    private var receiveBuffer: [UInt8] = []

    /// - Parameter wallClock: the monotonic clock for real-time pacing and stall detection.
    public init(options: NodeOptions, role: NodeBehavior, logger: Logger, wallClock: WallClock = SystemWallClock()) throws {
        self.options = options
        self.logger = logger
        self.wallClock = wallClock
        var topology = Topology(scenario: options.scenario)
        topology.scenarioDirectory = options.scenarioDirectory
        engine = NodeEngine(topology: topology, nodeName: options.nodeName, role: role, logger: logger,
                            restartIndex: options.restartIndex)
        let scenario = options.scenario
        func endpoint(_ node: String) throws -> String {
            try scenario.endpoint(forNode: node, environment: options.environment, ipcDirectory: options.ipcDirectory)
        }
        pacer = SlotPacer(mode: options.scenario.clock, slotDurationNs: topology.slotDurationNs, clock: wallClock)
        launchedByParent = getppid()
        let peers = engine.io.links.map(\.peer)
        let keys = try Self.loadKeys(options, peers: peers)
        do {
            context = try MessagingContext()
            // In virtual time too when asked (`b5g run --realtime-priority`): a node woken by a
            // message then runs at once, not after the OS's wake-up delay, and every window is a
            // chain of such wake-ups through the ZeroMQ I/O threads.
            let virtualPriority = options.scenario.clock == .virtual && options.environment[RealTimePriority.virtualTimeVariable] == "1"
            if options.scenario.clock == .realtime || virtualPriority, RealTimePriority.isAllowed {
                context.setRealTimeIOThreads(priority: RealTimePriority.priority)
            }
            if virtualPriority {
                if RealTimePriority.raiseCallingThread() {
                    logger.info("virtual time under real-time priority (SCHED_FIFO)")
                } else {
                    logger.notice("real-time priority not granted: the run goes on at normal priority")
                }
            }
            // With CURVE the inbox proves who it is and lets in only this node's peers.
            if let keys { authenticator = try CurveAuthenticator(context: context, peers: keys.peers) }
            inbox = try MessageSocket(context: context, kind: .pull)
            try inbox.setReceiveHighWaterMark(Self.highWaterMark)
            if let keys { try inbox.makeCurveServer(secretKey: keys.own.secretKey) }
            try inbox.bind(try endpoint(options.nodeName))
            if scenario.bindsBeyondLoopback(node: options.nodeName) {
                logger.warning("listening beyond this machine (transport.exposed)", metadata: ["endpoint": "\(inbox.lastEndpoint)"])
            }
            for link in engine.io.links {
                let s = try MessageSocket(context: context, kind: .push)
                try s.setSendHighWaterMark(Self.highWaterMark)
                if let keys, let server = keys.peers[link.peer] {
                    try s.makeCurveClient(serverPublicKey: server, publicKey: keys.own.publicKey, secretKey: keys.own.secretKey)
                }
                try s.connect(try endpoint(link.peer))
                outlets.append(s)
            }
            if let report = options.reportEndpoint {
                let s = try MessageSocket(context: context, kind: .push)
                try s.setSendHighWaterMark(Self.highWaterMark)
                try s.setLingerMs(5_000)
                if let keys, let launcher = keys.peers[RunKeys.launcher] {
                    try s.makeCurveClient(serverPublicKey: launcher, publicKey: keys.own.publicKey, secretKey: keys.own.secretKey)
                }
                try s.connect(report)
                if scenario.clock == .realtime {
                    reporter = ReportSender(socket: s)
                    reportSocket = nil
                } else {
                    reporter = nil
                    reportSocket = s
                }
            } else {
                reporter = nil
                reportSocket = nil
            }
        } catch {
            throw NodeFailure.transport("\(error)")
        }
        if options.reportEndpoint != nil { presence = RunPresence(folder: options.ipcDirectory, node: options.nodeName) }
        if options.scenario.capture.enabled, reporter != nil || reportSocket != nil {
            engine.enableCapture(maxRecords: options.scenario.capture.maxRecords)
        }
    }

    /// The node's keys and its peers' (and the launcher's) public keys when the scenario's links
    /// use CURVE; nil for `security: none`.
    static func loadKeys(_ options: NodeOptions, peers: [String]) throws -> (own: RunKeys.Pair, peers: [String: String])? {
        guard options.scenario.transport.security == .curve else { return nil }
        guard let folder = options.keysDirectory else {
            throw NodeFailure.transport("transport.security is curve: start the node with --keys DIR (a folder made by `b5g keys`)")
        }
        let wanted = peers + (options.reportEndpoint != nil ? [RunKeys.launcher] : [])
        do {
            return try RunKeys.load(from: folder, node: options.nodeName, peers: wanted)
        } catch {
            throw NodeFailure.transport("\(error)")
        }
    }

    /// ZeroMQ high-water mark (messages) of every socket. A window is one message per link, so
    /// a peer is never more than a few windows ahead; the bound only stops a runaway sender.
    static let highWaterMark = 10_000

    private var nowS: Double { Double(wallClock.nowNs()) / 1e9 }

    /// Runs setup and every slot; returns the exit status of the process.
    public func run() -> Int32 {
        let started = nowS
        var failure: NodeFailure?
        do {
            if options.restartIndex != nil {
                // Back from a restart fault: the peers learn it at once; setup happens in slots.
                send(endOfWindow: nil)
                startPacer()
                logger.notice("started again after a restart fault", metadata: ["slot": "\(engine.nextSlot)"])
            } else {
                try runSetup()
            }
            report(ReportMessageType.ready, NodeReady(node: options.nodeName, pid: getpid()))
            logger.info("setup complete", metadata: ["node.links": "\(engine.io.links.map(\.peer))"])
            try runSlots()
            if engine.role.collectsAfterEnd && engine.isFinished { try collectAfterEnd() }
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
        let complete = failure == nil && engine.isFinished
        report(ReportMessageType.final, engine.makeReport(complete: complete, pid: getpid(), cpuSeconds: processCPUSeconds(),
                                                          lateSlots: pacer.lateSlots))
        logger.info("node stopped", metadata: ["slots": "\(engine.nextSlot)", "complete": "\(complete)",
                                              "wall_s": "\(nowS - started)"])
        close()
        // A killed launcher cannot remove its folder: the last of its nodes to leave does.
        let launcherGone = options.reportEndpoint != nil && getppid() != launchedByParent
        presence?.leave(removingFolderIfLast: launcherGone)
        return failure?.exitCode ?? 0
    }

    // MARK: Setup

    private func runSetup() throws {
        let deadline = nowS + options.setupTimeoutS
        var nextRetry = -Double.infinity
        while !engine.isSetUp {
            if nodeStopRequested.load(ordering: .relaxed) { return }
            if nowS >= deadline {
                throw NodeFailure.setupTimeout(waitingFor: engine.io.links.map(\.peer).joined(separator: ", "))
            }
            if nowS >= nextRetry {
                engine.sendSetupRequests()
                if let failure = engine.setupFailure { throw NodeFailure.setup(failure) }
                send(endOfWindow: nil)
                nextRetry = nowS + 0.25
            }
            try receiveOnce(timeoutMs: 50)
            send(endOfWindow: nil)
        }
        startPacer()
    }

    /// Real time: slot 0 at the launcher's epoch (or now, for a node on its own).
    private func startPacer() {
        if options.scenario.clock == .realtime {
            if !RealTimePriority.raiseCallingThread() {
                logger.notice("real-time priority not granted: slots may start late on a busy machine")
            }
            let wallNow = UInt64(Date().timeIntervalSince1970 * 1e9)
            let monoNow = wallClock.nowNs()
            pacer.start(atNs: options.epochUnixNs.map { Self.monotonicEpoch(unixNs: $0, wallNowNs: wallNow, monotonicNowNs: monoNow) } ?? monoNow)
        }
    }

    /// The launcher's epoch (Unix ns) on this node's monotonic clock, also when it has passed
    /// (setup took longer, or the node was started again after a restart fault): every node keeps
    /// one time for slot s.
    static func monotonicEpoch(unixNs epoch: UInt64, wallNowNs: UInt64, monotonicNowNs: UInt64) -> UInt64 {
        epoch > wallNowNs ? monotonicNowNs + (epoch - wallNowNs) : monotonicNowNs - min(monotonicNowNs, wallNowNs - epoch)
    }

    // MARK: Slots

    private func runSlots() throws {
        let total = engine.totalSlots
        let progressEvery = max(1, UInt64(100_000 / engine.topology.numerology.slotDurationUs))   // 100 ms of emulated time
        var lastProgressAt: UInt64 = 0
        var lastAdvance = nowS
        var lastWaitingReport = nowS
        var windows = 0
        while !engine.isFinished {
            if nodeStopRequested.load(ordering: .relaxed) { return }
            // A system call: checked every 256 windows and whenever the node waits.
            windows += 1
            if windows & 255 == 0 { try checkLauncher() }
            if let fault = engine.restartDue { try awaitKill(fault: fault) }
            try drainInbox()
            guard let last = engine.windowEnd() else {
                try checkLauncher()
                if nowS - lastAdvance > options.stallTimeoutS {
                    throw NodeFailure.stalled(waitingFor: engine.waitingFor, slot: engine.nextSlot)
                }
                // Waiting for a second or more: say so once a second, so the launcher can tell
                // the nodes that wait from the one that has stopped.
                if nowS - lastAdvance >= 1, nowS - lastWaitingReport >= 1 {
                    lastWaitingReport = nowS
                    var progress = NodeProgress(node: engine.nodeName, slot: engine.nextSlot, lateSlots: pacer.lateSlots)
                    progress.waitingFor = engine.waitingFor
                    report(ReportMessageType.progress, progress)
                }
                try waitForPeers()
                continue
            }
            while engine.nextSlot <= last {
                let slot = engine.nextSlot
                pacer.waitForStart(of: slot)
                engine.runSlot()
                pacer.finished(slot)
                if pacer.flushesEverySlot || engine.nextSlot > last { send(endOfWindow: slot) }
                if engine.nextSlot - lastProgressAt >= progressEvery || engine.nextSlot == total {
                    lastProgressAt = engine.nextSlot
                    lastWaitingReport = nowS
                    var progress = engine.progress(lateSlots: pacer.lateSlots, cpuSeconds: processCPUSeconds())
                    progress.rssKB = processRSSKB()
                    report(ReportMessageType.progress, progress)
                    flushCapture()
                }
                // Slow slots (a large cell) may take longer than a second of wall time per
                // progress report: a heartbeat with no peers waited for says the node is alive.
                if nowS - lastWaitingReport >= 1 {
                    lastWaitingReport = nowS
                    var alive = NodeProgress(node: engine.nodeName, slot: engine.nextSlot, lateSlots: pacer.lateSlots)
                    alive.waitingFor = []
                    report(ReportMessageType.progress, alive)
                }
                if let why = engine.role.failure { throw NodeFailure.role(why) }
                if nodeStopRequested.load(ordering: .relaxed) { break }
            }
            lastAdvance = nowS
        }
    }

    /// A restart fault is due: the node reports what it measured and waits for the launcher to
    /// kill it (SIGKILL) and start a new one. It reads nothing more, so what is sent to it dies
    /// with it.
    private func awaitKill(fault: Int) throws -> Never {
        guard reporter != nil || reportSocket != nil else {
            throw NodeFailure.role("a restart fault needs the launcher that started this node, to start it again")
        }
        flushCapture()
        report(ReportMessageType.restarting, engine.makeKilledReport(pid: getpid(), cpuSeconds: processCPUSeconds(),
                                                                     lateSlots: pacer.lateSlots))
        logger.notice("restart fault: waiting to be killed", metadata: ["slot": "\(engine.nextSlot)", "fault": "\(fault)"])
        while true {
            try checkLauncher()
            if nodeStopRequested.load(ordering: .relaxed) { throw NodeFailure.role("stopped while waiting to be restarted") }
            usleep(20_000)
        }
    }

    /// Waits (bounded) until every peer has closed its last window, then hands the role what
    /// arrived stamped after the last slot.
    private func collectAfterEnd() throws {
        let deadline = nowS + min(options.stallTimeoutS, 10)
        while !engine.peersClosedLastSlot, nowS < deadline {
            if nodeStopRequested.load(ordering: .relaxed) { return }
            try receiveOnce(timeoutMs: 50)
        }
        try drainInbox()
        engine.finishRun()
    }

    // MARK: Transport

    /// How long to poll without blocking before a blocking receive, µs (B5G_SPIN_US; 0 = block
    /// at once). On a machine with fewer cores than nodes spinning takes the CPU a peer needs.
    private lazy var spinNs: UInt64 = UInt64(options.environment["B5G_SPIN_US"].flatMap(UInt64.init) ?? 0) * 1000

    /// Waits for the next message from a peer: a short spin if configured, then a blocking receive.
    private func waitForPeers() throws {
        if spinNs > 0 {
            let until = wallClock.nowNs() + spinNs
            while wallClock.nowNs() < until { if try receiveOnce(timeoutMs: 0) { return } }
        }
        try receiveOnce(timeoutMs: 100)
    }

    private func drainInbox() throws {
        while try receiveOnce(timeoutMs: 0) {}
    }

    @discardableResult
    private func receiveOnce(timeoutMs: Int) throws -> Bool {
        guard try inbox.receive(into: &receiveBuffer, timeoutMs: timeoutMs) else { return false }
        engine.ingest(receiveBuffer, authenticatedAs: inbox.lastUserId)
        if let failure = engine.setupFailure { throw NodeFailure.setup(failure) }
        // A peer back from a restart waits for what was held for it, whatever this node waits for.
        if engine.peerReturned { send(endOfWindow: nil) }
        return true
    }

    /// Ends the node when the launcher that started it is gone.
    private func checkLauncher() throws {
        if options.reportEndpoint != nil, getppid() != launchedByParent { throw NodeFailure.transport("launcher exited") }
    }

    private func send(endOfWindow: UInt64?) {
        engine.flush(endOfWindow: endOfWindow) { link, bytes in
            do {
                try outlets[link].send(bytes)
            } catch {
                logger.error("send failed", metadata: ["peer": "\(engine.io.links[link].peer)", "error": "\(error)"])
            }
        }
        // Capture records go to the launcher with each progress report, or sooner when many
        // have piled up: one report message per window would double the messages of a run.
        if engine.captureBatchBytes >= Self.captureBatchBytes { flushCapture() }
    }

    static let captureBatchBytes = 256 * 1024

    private func flushCapture() {
        guard let raw = engine.takeUnframedCapture() else { return }
        let source = engine.io.nodeIndex, slot = engine.nextSlot
        sendReport { ReportEncoding.unit(ReportMessageType.capture, body: CaptureSink.framed(raw), source: source, slot: slot) }
    }

    private func report<T: Encodable & Sendable>(_ type: UInt8, _ value: T) {
        let source = engine.io.nodeIndex, slot = engine.nextSlot
        sendReport { ReportEncoding.unit(type, value, source: source, slot: slot) }
    }

    /// Sends the report `make` encodes: in real time on the report thread (so neither encoding
    /// nor framing happens in a slot), otherwise at once.
    private func sendReport(_ make: @escaping () -> [UInt8]?) {
        if let reporter {
            reporter.send(make)
        } else if let bytes = make() {
            try? reportSocket?.send(bytes)
        }
    }

    private func close() {
        // The authenticator's socket must close before the context can end.
        authenticator?.stop()
        for s in outlets { s.close() }
        inbox.close()
        // With the launcher gone, nothing would take the last reports: the report socket's linger
        // (5 s, for a launcher busy at the end) would only keep the node alive.
        let launcherGone = options.reportEndpoint != nil && getppid() != launchedByParent
        reporter?.finish(droppingUnsent: launcherGone)
        if launcherGone { try? reportSocket?.setLingerMs(0) }
        reportSocket?.close()
        context.close()
    }
}

/// Resident memory of this process, kB (from /proc/self/statm; nil where there is none).
func processRSSKB() -> UInt64? {
    guard let text = try? String(contentsOfFile: "/proc/self/statm", encoding: .utf8) else { return nil }
    let fields = text.split(separator: " ")
    guard fields.count > 1, let pages = UInt64(fields[1]) else { return nil }
    return pages * UInt64(sysconf(Int32(_SC_PAGESIZE))) / 1024
}

/// User + system CPU time of this process.
func processCPUSeconds() -> Double {
    var usage = rusage()
    getrusage(__rusage_who_t(RUSAGE_SELF.rawValue), &usage)
    return Double(usage.ru_utime.tv_sec) + Double(usage.ru_utime.tv_usec) / 1e6
        + Double(usage.ru_stime.tv_sec) + Double(usage.ru_stime.tv_usec) / 1e6
}
