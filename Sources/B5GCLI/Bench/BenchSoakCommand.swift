import ArgumentParser
import Foundation
import Logging
import Nodes
import Report
import Scenario

/// `b5g bench soak`: a long run of a scenario, to show that no node's memory grows with
/// emulated time. Reports each node's resident memory after warm-up (a tenth of the run), at
/// its largest and at the end.
struct BenchSoakCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "soak",
        abstract: "Resident memory of every node over a long run (growth after warm-up).",
        discussion: """
            Runs a copy of SCENARIO with its duration replaced, in virtual time. Memory is sampled from \
            each node's progress reports (every 100 ms of emulated time). Growth is (end - after warm-up) \
            / after warm-up.
            """)

    @Argument(help: "Scenario YAML file.")
    var scenario = "Scenarios/quickstart.yaml"

    @Option(help: "Emulated duration, ms (default 10 minutes).")
    var durationMs = 600_000

    @Flag(help: "Every node in one process (one memory figure for all).")
    var inProcess = false

    @Flag(help: "Print one JSON object (sorted keys) instead of text.")
    var json = false

    func validate() throws {
        guard durationMs >= 1_000 && durationMs <= 86_400_000 else { throw ValidationError("--duration-ms must be in 1000...86400000") }
    }

    func run() throws {
        LoggingSetup.bootstrap(node: "bench")
        signal(SIGINT) { _ in launcherInterrupted.store(true, ordering: .relaxed) }
        signal(SIGPIPE, SIG_IGN)
        let folder = NSTemporaryDirectory() + "b5g-bench-soak-\(getpid())"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        // Nodes started as processes read the file, so the duration is changed in a copy of it.
        let text = try String(contentsOfFile: scenario, encoding: .utf8)
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map { line in
            line.hasPrefix("duration:") ? "duration: \(durationMs)ms" : String(line)
        }
        let path = "\(folder)/\(URL(fileURLWithPath: scenario).lastPathComponent)"
        try lines.joined(separator: "\n").write(toFile: path, atomically: true, encoding: .utf8)
        let s = try loadScenario(path)
        var options = Launcher.Options(scenarioPath: path, scenario: s, outDirectory: "\(folder)/run", seedOverride: nil,
                                       clockOverride: .virtual, quiet: true, executable: currentExecutablePath())
        options.printsSummary = false
        options.inProcess = inProcess
        let launcher = Launcher(options: options, logger: Logger(label: "b5g.bench"))
        let status = try launcher.run()
        guard status == 0, let summary = launcher.summary else { throw BenchScaleFailure(run: path, status: status) }
        let rows = summary.processes.map { p in
            BenchSoakRow(node: p.node, afterWarmupKB: p.rssAfterWarmupKB ?? 0, maxKB: p.rssMaxKB ?? 0, endKB: p.rssEndKB ?? 0)
        }
        let report = BenchSoakReport(scenario: s.name, durationMs: durationMs, mode: inProcess ? "in-process" : "separate",
                                     wallS: summary.wallDurationS, nodes: rows)
        if json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys]
            print(String(decoding: try encoder.encode(report), as: UTF8.self))
        } else {
            print("Soak: \(report.scenario), \(durationMs / 1000) s emulated, \(report.mode), \(String(format: "%.1f", report.wallS)) s wall")
            print("node".padding(toLength: 14, withPad: " ", startingAt: 0) + "after warm-up MB   max MB   end MB   growth")
            for r in rows {
                print(r.node.padding(toLength: 14, withPad: " ", startingAt: 0)
                      + String(format: "%-18.1f %-8.1f %-8.1f %+.1f%%", Double(r.afterWarmupKB) / 1024, Double(r.maxKB) / 1024,
                               Double(r.endKB) / 1024, r.growthPercent))
            }
        }
    }
}

struct BenchSoakRow: Codable {
    let node: String
    let afterWarmupKB: UInt64
    let maxKB: UInt64
    let endKB: UInt64
    var growthPercent: Double {
        afterWarmupKB == 0 ? 0 : (Double(endKB) - Double(afterWarmupKB)) / Double(afterWarmupKB) * 100
    }
}

struct BenchSoakReport: Codable {
    let scenario: String
    let durationMs: Int
    let mode: String
    let wallS: Double
    let nodes: [BenchSoakRow]
}
