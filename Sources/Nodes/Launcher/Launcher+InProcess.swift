import Foundation
import Logging
import Report
import Scenario

extension Launcher {
    /// Every node in this process (`--in-process`); returns whether the run was interrupted.
    func runInProcess(started: Date) throws -> Bool {
        let topology = nodeTopology
        let logDirectory = "\(runFolder)/logs"
        // The nodes run on their own thread(s); this thread takes their reports (tables, the
        // progress line), so that work never delays a slot of a real-time run.
        let reports = LockedQueue<(ReportMessage, UInt16)>()
        let network = try InProcessNetwork(topology: topology, makeLogger: { node in
            FileLogHandler.makeLogger(node: node, role: topology.node(node)?.role.rawValue ?? "node", folder: logDirectory)
        }, threads: options.inProcessThreads, report: { message, source in reports.put((message, source)) })
        let result = OutcomeBox()
        let finished = DispatchSemaphore(value: 0)
        let unchecked = UncheckedNetwork(network)
        Thread {
            result.value = unchecked.value.run(shouldStop: { launcherInterrupted.load(ordering: .relaxed) }, tick: {})
            finished.signal()
        }.start()
        var done = false
        while !done {
            done = finished.wait(timeout: .now() + .milliseconds(20)) == .success
            for (message, source) in reports.takeAll() { ingest(message, source: source) }
            console.update(progress: progress, totalSlots: topology.totalSlots, nodes: topology.scenario.nodes.count,
                           slotUs: topology.numerology.slotDurationUs, wallS: Date().timeIntervalSince(started))
        }
        let outcome = result.value ?? .interrupted
        for e in network.engines { exitStatuses[e.nodeName] = 0 }
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
        case let .nodeFailed(node, reason):
            exitStatuses[node] = RunExitCode.nodeFailed
            failure = RunSummary.Failure(node: node, exitStatus: RunExitCode.nodeFailed, reason: reason, lastLogLines: lastLogLines(of: node))
        case let .setupIncomplete(waiting):
            for n in waiting { exitStatuses[n] = RunExitCode.nodeFailed }
            failure = RunSummary.Failure(node: waiting.first, exitStatus: RunExitCode.nodeFailed,
                                         reason: "setup never completed for \(waiting.joined(separator: ", "))", lastLogLines: [])
        }
        return false
    }
}

/// The outcome of a run on another thread, read after it signalled.
final class OutcomeBox: @unchecked Sendable {
    var value: InProcessNetwork.Outcome?
}
