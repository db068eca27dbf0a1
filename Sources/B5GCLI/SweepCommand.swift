import ArgumentParser
import Foundation
import Report
import ReportHTML
import Scenario

struct SweepCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sweep",
        abstract: "Run a scenario for every combination of --set values (times seeds), in parallel, and tabulate the KPIs.",
        discussion: """
        Each --set PATH=v1,v2,... names a scenario value and the values it takes (commas inside [...] or {...} \
        stay part of one value); the runs are the cartesian product of all of them, once per seed 1...N. Every \
        combination is validated before anything starts (exit 2). Each run is its own `b5g run` process writing \
        its own folder in --out; at most --jobs run at once. Writes sweep.csv and sweep.json (one row per run: the swept values, \
        seed, status, folder and the headline KPIs) and report.html (the KPIs plotted against the swept values). \
        `--set seed=1,5,9` sweeps chosen seeds instead of --seeds (they fill the seed column). A scenario on tcp \
        transport runs one at a time unless --in-process (its ports are fixed). Exit 1 when a \
        run did not end ok.
        """)

    @Argument(help: "Scenario YAML file.")
    var scenario: String

    @Option(name: .customLong("set"), help: ArgumentHelp("A scenario value and the values it takes (repeatable).", valueName: "PATH=V1,V2,..."))
    var sets: [String] = []

    @Option(help: "Seeds 1...N for every combination.")
    var seeds: Int = 1

    @Option(help: "Output folder (default: runs/sweep-<name>).")
    var out: String?

    @Flag(help: "Run each scenario's nodes in one process.")
    var inProcess = false

    @Flag(help: "Virtual time, separate processes: run each run's nodes under SCHED_FIFO, as `b5g run --realtime-priority` does (faster, the same results).")
    var realtimePriority = false

    @Option(help: "Runs at once (default: the number of cores).")
    var jobs: Int = ProcessInfo.processInfo.activeProcessorCount

    func validate() throws {
        guard seeds >= 1 else { throw ValidationError("--seeds must be at least 1") }
        guard jobs >= 1 else { throw ValidationError("--jobs must be at least 1") }
        try validateRealTimePriority(realtimePriority, inProcess: inProcess)
    }

    func run() throws {
        let parameters = try sets.map { argument -> SweepParameter in
            guard let o = ScenarioOverride(argument: argument) else {
                FileHandle.standardError.write(Data("--set \(argument): error: expected PATH=V1,V2,..., e.g. ueGroups.phones.count=10,20,40\n".utf8))
                throw ExitCode(2)
            }
            return SweepParameter(path: o.path, values: ScenarioOverride.sweepValues(o.value))
        }
        // Seeds swept by `--set seed=1,5,9` are taken as they are; --seeds then has nothing to add.
        let seedIndex = parameters.firstIndex { $0.path == "seed" }
        if seedIndex != nil, seeds > 1 {
            throw ValidationError("sweep the seed either with --set seed=... or with --seeds, not both")
        }
        let combinations = SweepPlan.combinations(parameters)
        // Every combination is checked before any run starts, its problems named by their --set.
        var name = ""
        var scenarioSeeds: [UInt64] = []
        var fixedPorts = false
        var servesMetrics = false
        for values in combinations {
            let arguments = zip(parameters, values).map { "\($0.path)=\($1)" }
            let s = try loadScenario(scenario, overrides: arguments).scenario
            name = s.name
            scenarioSeeds.append(s.seed)
            fixedPorts = fixedPorts || s.transport.kind == .tcp
            servesMetrics = servesMetrics || s.metrics != nil
        }
        // Separate-process runs over tcp use the scenario's fixed ports: two at once would collide.
        let jobs = fixedPorts && !inProcess ? 1 : self.jobs
        if jobs < self.jobs {
            print("sweep \(name): the scenario's nodes listen on fixed tcp ports, so one run at a time (--in-process avoids it)")
        }
        // Runs at once cannot share the scenario's metrics port: each takes a free one.
        let freeMetricsPort = servesMetrics && jobs > 1
        if freeMetricsPort { print("sweep \(name): several runs at once, so each serves its live metrics on a free port") }
        let folder = out ?? "runs/sweep-\(name)"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)

        struct Planned { var values: [String]; var seed: UInt64; var folder: String; var arguments: [String] }
        var planned: [Planned] = []
        let width = String(combinations.count * seeds).count
        for (combination, values) in combinations.enumerated() {
            let runSeeds = seedIndex == nil ? Array(1...UInt64(seeds)) : [scenarioSeeds[combination]]
            for seed in runSeeds {
                let number = String(planned.count + 1)
                let runFolder = "run-" + String(repeating: "0", count: max(0, width - number.count)) + number
                var arguments = ["run", scenario, "--out", "\(folder)/\(runFolder)", "--quiet"]
                if seedIndex == nil { arguments += ["--seed", "\(seed)"] }
                if inProcess { arguments.append("--in-process") }
                if realtimePriority { arguments.append("--realtime-priority") }
                if freeMetricsPort { arguments += ["--metrics-port", "0"] }
                for (parameter, value) in zip(parameters, values) { arguments += ["--set", "\(parameter.path)=\(value)"] }
                planned.append(Planned(values: values, seed: seed, folder: runFolder, arguments: arguments))
            }
        }

        signal(SIGPIPE, SIG_IGN)
        let executable = currentExecutablePath()
        var exits = [Int32?](repeating: nil, count: planned.count)
        var running: [(index: Int, process: Process)] = []
        var next = 0
        print("sweep \(name): \(planned.count) runs, \(min(jobs, planned.count)) at a time, into \(folder)/")
        while next < planned.count || !running.isEmpty {
            while running.count < jobs, next < planned.count {
                let run = planned[next]
                try FileManager.default.createDirectory(atPath: "\(folder)/\(run.folder)", withIntermediateDirectories: true)
                let logPath = "\(folder)/\(run.folder)/launcher.log"
                FileManager.default.createFile(atPath: logPath, contents: nil)
                let log = try FileHandle(forWritingTo: URL(fileURLWithPath: logPath))
                let process = Process()
                process.executableURL = URL(fileURLWithPath: executable)
                process.arguments = run.arguments
                process.standardOutput = log
                process.standardError = log
                try process.run()
                running.append((next, process))
                next += 1
            }
            Thread.sleep(forTimeInterval: 0.05)
            running.removeAll { entry in
                guard !entry.process.isRunning else { return false }
                exits[entry.index] = entry.process.terminationStatus
                let run = planned[entry.index]
                let label = zip(parameters, run.values).map { "\($0.path)=\($1)" }.joined(separator: " ")
                print("  \(run.folder)  \(label.isEmpty ? "" : label + "  ")seed \(run.seed)  exit \(entry.process.terminationStatus)")
                return true
            }
        }

        let rows = planned.enumerated().map { index, run -> SweepTable.Row in
            let summaryPath = "\(folder)/\(run.folder)/summary.json"
            let summary = FileManager.default.contents(atPath: summaryPath)
                .flatMap { try? JSONDecoder().decode(RunSummary.self, from: $0) }
            // A run whose summary says ok but that exited otherwise (a result file not written)
            // is not ok: its exit status says why.
            let exit = exits[index] ?? -1
            let status = summary.map { $0.status != .ok || exit == 0 ? $0.status.rawValue : "exit \(exit)" } ?? "exit \(exit)"
            // A swept seed is already the row's seed.
            let values = run.values.enumerated().filter { $0.offset != seedIndex }.map(\.element)
            return SweepTable.Row(values: values, seed: run.seed, status: status, folder: run.folder,
                                  kpis: summary.map(SweepKPIs.init(summary:)))
        }
        let table = SweepTable(scenario: name, parameters: parameters.map(\.path).filter { $0 != "seed" }, rows: rows)
        try HTMLReport.writeSweep(folder: folder, table: table)
        let notOK = rows.filter { $0.status != "ok" }.count
        print("results in \(folder)/ (sweep.csv, report.html): \(rows.count - notOK) of \(rows.count) runs ok")
        if notOK > 0 { throw ExitCode(1) }
    }
}
