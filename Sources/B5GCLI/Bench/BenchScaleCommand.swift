import ArgumentParser
import Foundation
import Logging
import Nodes
import Report
import Scenario

/// `b5g bench scale`: the whole emulator on generated scenarios of growing size, in virtual
/// time, with every node its own process and with every node in one process; then real-time
/// runs of the bundled quickstart and dense-urban with their late slots.
struct BenchScaleCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "scale",
        abstract: "Real-time factor, CPU per slot per role, messages and window size of whole runs.",
        discussion: """
            Cases are CELLSxUES (UEs in total): 1x10, 1x100, 1x1000, 7x210, 20x2000 by default. Each runs \
            in virtual time as separate processes (ipc) and in one process (--in-process). The real-time \
            factor is emulated time over the wall time of the run, setup and result writing included. \
            CPU per slot is each role's CPU time (all its nodes) over the slots run. Messages and bytes \
            per slot are the units sent by all nodes; the window is slots per message round.
            """)

    @Option(help: "Cases, comma-separated CELLSxUES (UEs in total).")
    var cases = "1x10,1x100,1x1000,7x210,20x2000"

    @Option(help: "Modes, comma-separated: separate, separate-priority (with --realtime-priority), in-process.")
    var modes = "separate,in-process"

    @Option(help: "Emulated duration of each generated run, ms.")
    var durationMs = 1_000

    @Option(help: "Runs of each case and mode; the one with the median real-time factor is reported.")
    var repeats = 1

    @Option(help: "Cases with more UEs than this run in one process only (separate processes would take minutes).")
    var separateMaxUEs = 1_000

    @Option(help: "Real-time runs of bundled scenarios (comma-separated names in Scenarios/, or 'none').")
    var realtime = "quickstart,dense-urban"

    @Option(help: "Folder for the generated scenarios and run folders (default: a temporary folder, removed after).")
    var out: String?

    @Flag(help: "Print one JSON object (sorted keys) instead of text.")
    var json = false

    @Option(help: "Also write a chart of real-time factor against UEs (SVG) to this file.")
    var svg: String?

    func validate() throws {
        guard durationMs >= 10 && durationMs <= 3_600_000 else { throw ValidationError("--duration-ms must be in 10...3600000") }
        guard (1...15).contains(repeats) else { throw ValidationError("--repeats must be in 1...15") }
        _ = try parsedCases()
        for m in modeList where !Self.modes.contains(m) {
            throw ValidationError("--modes: unknown mode '\(m)'; modes: \(Self.modes.joined(separator: ", "))")
        }
    }

    /// Separate processes, the same with `--realtime-priority`, one process.
    static let modes = ["separate", "separate-priority", "in-process"]

    private var modeList: [String] { modes.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) } }

    private func parsedCases() throws -> [(cells: Int, ues: Int)] {
        try cases.split(separator: ",").map { item in
            let parts = item.lowercased().split(separator: "x")
            guard parts.count == 2, let c = Int(parts[0]), let u = Int(parts[1]), (1...64).contains(c), u >= c, u <= 100_000,
                  u % c == 0 else {
                throw ValidationError("--cases: '\(item)' is not CELLSxUES with 1...64 cells and a whole number of UEs per cell")
            }
            return (c, u)
        }
    }

    func run() throws {
        LoggingSetup.bootstrap(node: "bench")
        signal(SIGINT) { _ in launcherInterrupted.store(true, ordering: .relaxed) }
        signal(SIGPIPE, SIG_IGN)
        let folder = out ?? NSTemporaryDirectory() + "b5g-bench-scale-\(getpid())"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { if out == nil { try? FileManager.default.removeItem(atPath: folder) } }
        var rows: [BenchScaleRow] = []
        for (cells, ues) in try parsedCases() {
            let generated = ScaleScenario(cells: cells, uesPerCell: ues / cells, durationMs: durationMs)
            let path = "\(folder)/\(generated.name).yaml"
            try generated.yaml().write(toFile: path, atomically: true, encoding: .utf8)
            for mode in modeList {
                if mode != "in-process" && ues > separateMaxUEs { continue }
                // Separate-process runs vary with how the OS schedules a dozen threads on few
                // cores: the run with the median real-time factor of the repeats is kept.
                var tries: [BenchScaleRow] = []
                for r in 0..<repeats {
                    tries.append(try measure(path: path, label: "\(cells)x\(ues)", mode: mode, folder: folder, attempt: r))
                    if launcherInterrupted.load(ordering: .relaxed) { throw ExitCode(130) }
                }
                rows.append(tries.sorted { $0.realTimeFactor < $1.realTimeFactor }[tries.count / 2])
            }
        }
        var lateRows: [BenchScaleRealTimeRow] = []
        let bundled = realtime == "none" ? [] : realtime.split(separator: ",").map(String.init)
        for name in bundled {
            // Real time already runs under real-time priority: separate-priority adds nothing there.
            for mode in modeList where mode != "separate-priority" {
                lateRows.append(try measureRealTime(name: name, inProcess: mode == "in-process", folder: folder))
            }
        }
        let report = BenchScaleReport(machine: BenchMachine.current(), durationMs: durationMs, repeats: repeats, runs: rows,
                                      realtime: lateRows)
        print(json ? try report.jsonString() : report.text())
        if let svg { try report.chart().write(toFile: svg, atomically: true, encoding: .utf8) }
    }

    private func launch(path: String, scenario: Scenario, inProcess: Bool, out: String, clock: ClockMode? = nil,
                        realTimePriority: Bool = false) throws -> Launcher {
        // Nodes started as processes read the scenario file: the clock goes to them as an override.
        var options = Launcher.Options(scenarioPath: path, scenario: scenario, outDirectory: out, seedOverride: nil,
                                       clockOverride: clock, quiet: true, executable: currentExecutablePath())
        options.printsSummary = false
        options.inProcess = inProcess
        options.realTimePriority = realTimePriority
        let launcher = Launcher(options: options, logger: Logger(label: "b5g.bench"))
        let status = try launcher.run()
        guard status == 0 else { throw BenchScaleFailure(run: path, status: status) }
        return launcher
    }

    private func measure(path: String, label: String, mode: String, folder: String, attempt: Int) throws -> BenchScaleRow {
        let scenario = try loadScenario(path)
        let launcher = try launch(path: path, scenario: scenario, inProcess: mode == "in-process", out: "\(folder)/runs/\(label)-\(mode)-\(attempt)",
                                  realTimePriority: mode == "separate-priority")
        return BenchScaleRow(case: label, mode: mode, summary: try XCTUnwrapSummary(launcher), reports: launcher.reports)
    }

    private func measureRealTime(name: String, inProcess: Bool, folder: String) throws -> BenchScaleRealTimeRow {
        let path = "Scenarios/\(name).yaml"
        var scenario = try loadScenario(path)
        scenario.clock = .realtime
        let mode = inProcess ? "in-process" : "separate"
        let launcher = try launch(path: path, scenario: scenario, inProcess: inProcess, out: "\(folder)/runs/\(name)-realtime-\(mode)",
                                  clock: .realtime)
        let s = try XCTUnwrapSummary(launcher)
        guard s.clock == ClockMode.realtime.rawValue, s.processes.allSatisfy({ $0.slotsRun == s.slots }) else {
            throw BenchScaleFailure(run: path, status: -2)
        }
        return BenchScaleRealTimeRow(scenario: name, mode: mode, slots: s.slots, wallS: s.wallDurationS,
                                     lateSlotsByNode: Dictionary(uniqueKeysWithValues: s.processes.map { ($0.node, $0.lateSlots) }))
    }

    private func XCTUnwrapSummary(_ l: Launcher) throws -> RunSummary {
        guard let s = l.summary else { throw BenchScaleFailure(run: l.runFolder, status: -1) }
        return s
    }
}

struct BenchScaleFailure: Error, CustomStringConvertible {
    var run: String
    var status: Int32
    var description: String { "bench run \(run) ended with status \(status)" }
}
