import ArgumentParser
import Foundation
import Logging
import Nodes
import Scenario

struct CompareCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "compare",
        abstract: "Run a scenario once per orchestrator policy and seed, and compare attainment, energy and actions.",
        discussion: "Writes compare.json and compare.csv (and each run's folder) into --out.")

    @Argument(help: "Scenario YAML file (with an orchestrator section).")
    var scenario: String

    @Option(help: "Comma-separated policies (\(OrchestratorPolicyName.allCases.map(\.rawValue).joined(separator: "|"))).")
    var policies: String = "static,threshold,latency-power"

    @Option(help: "Seeds 1...N.")
    var seeds: Int = 1

    @Option(help: "Output folder (default: runs/compare-<name>).")
    var out: String?

    @Option(name: .customLong("set"), help: ArgumentHelp("Override a scenario value, validated like the file (repeatable).", valueName: "PATH=VALUE"))
    var overrides: [String] = []

    @Flag(help: "Run each scenario's nodes in one process.")
    var inProcess = false

    @Flag(help: "Virtual time, separate processes: run each run's nodes under SCHED_FIFO, as `b5g run --realtime-priority` does (faster, the same results).")
    var realtimePriority = false

    func validate() throws {
        guard seeds >= 1 else { throw ValidationError("--seeds must be at least 1") }
        try validateRealTimePriority(realtimePriority, inProcess: inProcess)
        for p in policyNames where OrchestratorPolicyName(rawValue: p) == nil {
            throw ValidationError("unknown policy '\(p)'; policies: \(OrchestratorPolicyName.allCases.map(\.rawValue).joined(separator: ", "))")
        }
    }

    private var policyNames: [String] { policies.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) } }

    func run() throws {
        let loaded = try loadScenario(scenario, overrides: overrides)
        let s = loaded.scenario
        guard s.orchestrator != nil else { throw ValidationError("\(scenario) has no orchestrator section") }
        printWarnings(scenario, s)
        LoggingSetup.bootstrap(node: "compare")
        signal(SIGINT) { _ in launcherInterrupted.store(true, ordering: .relaxed) }
        signal(SIGPIPE, SIG_IGN)
        var comparison = PolicyComparison(scenarioPath: scenario, scenario: s,
                                          policies: policyNames.compactMap(OrchestratorPolicyName.init(rawValue:)),
                                          seeds: (1...seeds).map(UInt64.init), outDirectory: out ?? "runs/compare-\(s.name)",
                                          executable: currentExecutablePath(), inProcess: inProcess)
        comparison.scenarioYAML = loaded.yaml
        comparison.realTimePriority = realtimePriority
        let output = try comparison.run(logger: Logger(label: "b5g.compare"))
        print(output.text)
        for f in output.failures { FileHandle.standardError.write(Data("run failed: \(f)\n".utf8)) }
        if !output.failures.isEmpty { throw ExitCode(1) }
    }
}
