import Foundation
import Logging
import Orchestrator
import Report
import ReportHTML
import Scenario

/// `b5g compare`: runs one scenario once per policy and seed, one run after another, and
/// tabulates latency-target attainment, p99 per slice, throughput, energy and actions.
public struct PolicyComparison {
    public struct Output: Sendable {
        public var text: String
        public var json: String
        public var csv: String
        /// Rows that did not finish (policy, seed, exit status).
        public var failures: [String]
    }

    public var scenarioPath: String
    /// The scenario's YAML with `--set` overrides applied, written into each run's folder.
    public var scenarioYAML: String?
    public var scenario: Scenario
    public var policies: [OrchestratorPolicyName]
    public var seeds: [UInt64]
    public var outDirectory: String
    public var executable: String
    /// Run each scenario's nodes in the launcher's process.
    public var inProcess: Bool
    /// Separate processes under SCHED_FIFO in virtual time (`--realtime-priority`).
    public var realTimePriority = false

    public init(scenarioPath: String, scenario: Scenario, policies: [OrchestratorPolicyName], seeds: [UInt64],
                outDirectory: String, executable: String, inProcess: Bool = false) {
        self.scenarioPath = scenarioPath; self.scenario = scenario; self.policies = policies; self.seeds = seeds
        self.outDirectory = outDirectory; self.executable = executable; self.inProcess = inProcess
    }

    /// Runs every (policy, seed); writes compare.json and compare.csv into `outDirectory`.
    public func run(logger: Logger) throws -> Output {
        try FileManager.default.createDirectory(atPath: outDirectory, withIntermediateDirectories: true)
        var rows: [ComparisonRow] = []
        var failures: [String] = []
        for seed in seeds {
            for policy in policies {
                var s = scenario
                s.seed = seed
                s.orchestrator?.policy = policy
                var options = Launcher.Options(scenarioPath: scenarioPath, scenario: s,
                                               outDirectory: "\(outDirectory)/\(policy.rawValue)-seed\(seed)",
                                               seedOverride: seed, clockOverride: nil, policyOverride: policy,
                                               quiet: true, executable: executable)
                options.printsSummary = false
                options.scenarioYAML = scenarioYAML
                options.inProcess = inProcess
                options.realTimePriority = realTimePriority
                logger.info("run", metadata: ["policy": "\(policy.rawValue)", "seed": "\(seed)"])
                let launcher = Launcher(options: options, logger: logger)
                let status = try launcher.run()
                if status != 0 { failures.append("\(policy.rawValue) seed \(seed): exit \(status)") }
                guard let summary = launcher.summary else { continue }
                rows.append(Self.row(policy: policy.rawValue, seed: seed, summary))
            }
        }
        // Savings are measured against static full provisioning when it is among the policies.
        let table = policies.contains(.static) ? ComparisonTable(rows: rows).withEnergySavings(against: "static")
                                               : ComparisonTable(rows: rows)
        var text = table.renderText()
        if let goal = scenario.orchestrator?.targets.energySavingPercent, policies.contains(.static) {
            text += "\nenergy-saving goal \(goal)% against static:\n"
            for row in table.meanPerPolicy().rows where row.policy != "static" {
                let saving = row.energySavingPercent ?? 0
                text += "  \(row.policy): \(String(format: "%.1f", saving))% (\(saving >= goal ? "met" : "missed"))\n"
            }
        }
        let output = Output(text: text, json: table.renderJSON(), csv: table.renderCSV(), failures: failures)
        try output.json.write(toFile: "\(outDirectory)/compare.json", atomically: true, encoding: .utf8)
        try output.csv.write(toFile: "\(outDirectory)/compare.csv", atomically: true, encoding: .utf8)
        // The policies side by side (and each run's own report again).
        _ = try HTMLReport.write(folder: outDirectory)
        return output
    }

    static func row(policy: String, seed: UInt64, _ s: RunSummary) -> ComparisonRow {
        let a = s.attainment ?? RunSummary.Attainment()
        let e = s.energy ?? RunSummary.Energy()
        return ComparisonRow(policy: policy, seed: seed, latencyAttainment: a.total, p99BySliceMs: a.worstP99Ms,
                             throughputMbps: a.throughputMbps, energyJ: e.totalJ, bitsPerJoule: e.bitsPerJoule,
                             actions: s.actions?.count ?? 0)
    }
}
