import Foundation
import Interfaces
import Report
import Scenario
import Transport

extension Launcher {
    /// Every node as its own process; returns whether the run was interrupted.
    func runProcesses(started: Date) throws -> Bool {
        let scenario = options.scenario
        let ipcDirectory = try RunFolder.makeIPCDirectory()
        defer { try? FileManager.default.removeItem(atPath: ipcDirectory) }
        let reportEndpoint = options.scenario.transport.kind == .tcp
            ? "tcp://\(scenario.transport.host):\(scenario.transport.basePort + scenario.nodes.count)"
            : "ipc://\(ipcDirectory)/report.sock"
        // CURVE: keys made for this run, in the private ipc folder; the report socket hears
        // only the scenario's nodes.
        let keys = scenario.transport.security == .curve ? try RunKeys.generate(for: scenario) : nil
        let keysDirectory = "\(ipcDirectory)/keys"
        try keys?.write(to: keysDirectory)
        let context = try MessagingContext()
        defer { context.close() }
        let authenticator = try keys.map { keys in
            try CurveAuthenticator(context: context, peers: Dictionary(
                scenario.nodes.compactMap { node in keys.pairs[node.name].map { (node.name, $0.publicKey) } }, uniquingKeysWith: { a, _ in a }))
        }
        defer { authenticator?.stop() }
        let inbox = try MessageSocket(context: context, kind: .pull)
        defer { inbox.close() }
        try inbox.setReceiveHighWaterMark(0)
        if let secret = keys?.pairs[RunKeys.launcher]?.secretKey { try inbox.makeCurveServer(secretKey: secret) }
        try inbox.bind(options.environmentReportEndpoint ?? reportEndpoint)

        let epoch = UInt64((Date().timeIntervalSince1970 + 1.0) * 1e9)
        var nodeEnvironment = ProcessInfo.processInfo.environment
        if options.realTimePriority { nodeEnvironment[RealTimePriority.virtualTimeVariable] = "1" }
        func arguments(_ node: NodeConfig) -> [String] {
            var args = [node.role.rawValue, "--scenario", nodeScenarioPath, "--scenario-dir", nodeTopology.scenarioDirectory,
                        "--node", node.name,
                        "--report", options.environmentReportEndpoint ?? reportEndpoint, "--ipc-dir", ipcDirectory,
                        "--epoch-unix-ns", "\(epoch)"]
            if let seed = options.seedOverride { args += ["--seed", "\(seed)"] }
            if let clock = options.clockOverride { args += ["--clock", clock.rawValue] }
            if let policy = options.policyOverride { args += ["--policy", policy.rawValue] }
            if keys != nil { args += ["--keys", keysDirectory] }
            return args
        }
        for node in scenario.nodes {
            let child = try NodeProcess(node: node.name, role: node.role.rawValue, executable: options.executable,
                                        arguments: arguments(node), logPath: "\(runFolder)/logs/\(node.name).log",
                                        environment: nodeEnvironment)
            children.append(child)
            logger.debug("started node", metadata: ["node": "\(node.name)", "pid": "\(child.pid)"])
        }

        var interruptedAt: Date?
        var killDeadline: Date?
        var buffer: [UInt8] = []
        while true {
            if (try? inbox.receive(into: &buffer, timeoutMs: 50)) == true { ingest(buffer, authenticatedAs: inbox.lastUserId) }
            while (try? inbox.receive(into: &buffer, timeoutMs: 0)) == true { ingest(buffer, authenticatedAs: inbox.lastUserId) }
            // A restart fault: the node has reported; it is killed and a new process started.
            while failure == nil, interruptedAt == nil, !restartsDue.isEmpty {
                let (name, fault) = restartsDue.removeFirst()
                guard let i = children.firstIndex(where: { $0.node == name }), let node = scenario.node(named: name) else { continue }
                children[i].killAndWait()
                logger.notice("restart fault: node killed", metadata: ["node": "\(name)", "pid": "\(children[i].pid)"])
                children[i] = try NodeProcess(node: name, role: node.role.rawValue, executable: options.executable,
                                              arguments: arguments(node) + ["--restart-index", "\(fault)"],
                                              logPath: "\(runFolder)/logs/\(name).log", environment: nodeEnvironment,
                                              appendingLog: true)
                logger.notice("restart fault: node started again", metadata: ["node": "\(name)", "pid": "\(children[i].pid)"])
            }
            console.update(progress: progress, totalSlots: topology.totalSlots, nodes: children.count,
                           slotUs: topology.numerology.slotDurationUs, wallS: Date().timeIntervalSince(started))
            if launcherInterrupted.load(ordering: .relaxed), interruptedAt == nil {
                interruptedAt = Date()
                stopAll("interrupted")
                failure = failure ?? RunSummary.Failure(node: nil, exitStatus: nil, reason: "interrupted by signal", lastLogLines: [])
            }
            for child in children where child.hasExited && child.exitStatus != 0 && failure == nil {
                let status = child.exitStatus ?? -1
                let exited = "node \(child.node) (\(child.role)) exited with status \(status)"
                failure = RunSummary.Failure(node: child.node, exitStatus: status, reason: setupFailure ?? exited,
                                             lastLogLines: child.lastLogLines(10))
                // A setup failure is said once, in the end table.
                stopAll(exited)
            }
            if failure == nil, interruptedAt == nil, let stall = silentNode(now: Date()) {
                let slot = progress[stall.node]?.slot ?? 0
                let role = children.first { $0.node == stall.node }?.role ?? ""
                let waiters = stall.waiters.isEmpty ? "while the others wait" : "while \(stall.waiters.joined(separator: ", ")) wait for it"
                let reason = "node \(stall.node) (\(role)) stopped advancing at slot \(slot): nothing heard from it for "
                    + String(format: "%.1f s ", stall.silentS) + waiters
                failure = RunSummary.Failure(node: stall.node, exitStatus: nil, reason: reason,
                                             lastLogLines: children.first { $0.node == stall.node }?.lastLogLines(10) ?? [])
                stopAll(reason)
                // Stopped or deadlocked, it would not act on SIGTERM: the others would wait the
                // whole grace period for it. What it measured is what it reported last.
                children.first { $0.node == stall.node }?.signal(SIGKILL)
            }
            if failure != nil, killDeadline == nil { killDeadline = Date().addingTimeInterval(5) }
            if let deadline = killDeadline, Date() > deadline {
                for child in children { child.signal(SIGKILL) }
            }
            if children.allSatisfy(\.hasExited) {
                // Reports sent just before exit may still be in flight.
                while (try? inbox.receive(into: &buffer, timeoutMs: 200)) == true { ingest(buffer, authenticatedAs: inbox.lastUserId) }
                break
            }
        }
        for child in children { exitStatuses[child.node] = child.exitStatus }
        // The setupFailed report can arrive after its node's exit was seen.
        if let setupFailure, failure?.exitStatus == RunExitCode.setupFailed { failure?.reason = setupFailure }
        // A role that stopped the run says why in its final report, which can also arrive late.
        if let node = failure?.node, let why = reports[node]?.failure { failure?.reason = why }
        return interruptedAt != nil
    }
}
