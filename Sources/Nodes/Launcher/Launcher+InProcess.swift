import Foundation
import Logging
import Report
import Scenario

extension Launcher {
    /// Every node in this process (`--in-process`); returns whether the run was interrupted.
    func runInProcess(started: Date) throws -> Bool {
        let topology = nodeTopology
        let logDirectory = "\(runFolder)/logs"
        let network = try InProcessNetwork(topology: topology, makeLogger: { node in
            FileLogHandler.makeLogger(node: node, role: topology.node(node)?.role.rawValue ?? "node", folder: logDirectory)
        }, threads: options.inProcessThreads, report: { [unowned self] bytes in ingest(bytes) })
        var ticks = 0
        let outcome = network.run(shouldStop: { launcherInterrupted.load(ordering: .relaxed) }, tick: {
            ticks += 1
            guard network.threads > 1 || ticks & 63 == 0 else { return }
            console.update(progress: progress, totalSlots: topology.totalSlots, nodes: topology.scenario.nodes.count,
                           slotUs: topology.numerology.slotDurationUs, wallS: Date().timeIntervalSince(started))
        })
        inProcessWindows = network.windows
        for (k, e) in network.engines.enumerated() {
            inProcessCPUSeconds[e.nodeName] = Double(network.cpuNs[k]) / 1e9
            exitStatuses[e.nodeName] = 0
        }
        switch outcome {
        case .finished:
            break
        case .interrupted:
            failure = RunSummary.Failure(node: nil, exitStatus: nil, reason: "interrupted by signal", lastLogLines: [])
            return true
        case let .setupFailed(nodes, setup):
            for n in nodes { exitStatuses[n] = RunExitCode.setupFailed }
            // The node that refused is named, as the first process to exit is in a separate run.
            let named = nodes.contains(setup.responder) ? setup.responder : nodes.first
            failure = RunSummary.Failure(node: named, exitStatus: RunExitCode.setupFailed, reason: setup.description,
                                         lastLogLines: named.map { lastLogLines(of: $0) } ?? [])
        case let .setupIncomplete(waiting):
            for n in waiting { exitStatuses[n] = RunExitCode.nodeFailed }
            failure = RunSummary.Failure(node: waiting.first, exitStatus: RunExitCode.nodeFailed,
                                         reason: "setup never completed for \(waiting.joined(separator: ", "))", lastLogLines: [])
        }
        return false
    }
}
