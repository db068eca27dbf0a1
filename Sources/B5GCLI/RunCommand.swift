import ArgumentParser
import Foundation
import Logging
import Nodes
import Scenario

struct RunCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Validate a scenario, start every node as its own process (or all in one with --in-process), run it, and write the run folder.",
        discussion: "Exit codes: 0 ok, 1 a node failed, 2 bad scenario, 3 a setup procedure failed, 130 interrupted.")

    @Argument(help: "Scenario YAML file.")
    var scenario: String

    @Option(help: "Run folder (default: runs/<name>-<UTC timestamp>).")
    var out: String?

    @Option(help: "Override the scenario's seed.")
    var seed: UInt64?

    @Option(help: "Override the scenario's clock (\(ClockMode.allCases.map(\.rawValue).joined(separator: "|"))).")
    var clock: ClockMode?

    @Option(help: "Override the orchestrator's policy (\(OrchestratorPolicyName.allCases.map(\.rawValue).joined(separator: "|"))).")
    var policy: OrchestratorPolicyName?

    @Flag(help: "Run every node in this one process (same protocol, units and results; no ZeroMQ between nodes).")
    var inProcess = false

    @Flag(help: ArgumentHelp("Virtual time, separate processes: run the nodes (and ZeroMQ's I/O threads) under SCHED_FIFO, as real time does.",
                             discussion: "A node woken by a message then runs at once instead of after the OS's wake-up delay: small networks run about 1.35 times faster on 2 cores (docs/benchmarks.md). Needs root or CAP_SYS_NICE (else the run goes on at normal priority); other programs wait while the nodes compute. Same results."))
    var realtimePriority = false

    @Option(help: "Threads of an --in-process virtual-time run (1 or 2; default: 2 on a machine with 2 or more cores).")
    var threads: Int?

    @Option(name: .customLong("set"), help: ArgumentHelp("Override a scenario value, validated like the file (repeatable).", valueName: "PATH=VALUE"))
    var overrides: [String] = []

    @Option(help: "Seconds a node may go unheard while others wait for it before the run stops naming it (separate processes).")
    var silenceLimit: Double = 10

    @Option(help: ArgumentHelp("Serve live Prometheus metrics on this port while the run goes on (GET /metrics; 0: a free port, printed). Overrides the scenario's metrics.port.", valueName: "PORT"))
    var metricsPort: Int?

    @Flag(help: "No live progress line.")
    var quiet = false

    func validate() throws {
        guard silenceLimit > 0 else { throw ValidationError("--silence-limit must be positive") }
        if let metricsPort, !(0...65535).contains(metricsPort) {
            throw ValidationError("--metrics-port must be 0...65535 (0: a free port)")
        }
        if let threads {
            guard (1...2).contains(threads) else { throw ValidationError("--threads must be 1 or 2") }
            guard inProcess else { throw ValidationError("--threads applies to --in-process runs") }
        }
        try validateRealTimePriority(realtimePriority, inProcess: inProcess)
    }

    func run() throws {
        let loaded = try loadScenario(scenario, overrides: overrides, seed: seed, clock: clock, policy: policy)
        var s = loaded.scenario
        if let metricsPort { s.metrics = MetricsConfig(port: metricsPort) }
        printWarnings(scenario, s)
        LoggingSetup.bootstrap(node: "launcher")
        let logger = Logger(label: "b5g.run")
        signal(SIGINT) { _ in launcherInterrupted.store(true, ordering: .relaxed) }
        signal(SIGTERM) { _ in launcherInterrupted.store(true, ordering: .relaxed) }
        signal(SIGPIPE, SIG_IGN)
        var options = Launcher.Options(scenarioPath: scenario, scenario: s, outDirectory: out, seedOverride: seed,
                                       clockOverride: clock, policyOverride: policy, quiet: quiet,
                                       executable: currentExecutablePath())
        options.inProcess = inProcess
        options.realTimePriority = realtimePriority
        options.silenceLimitS = silenceLimit
        options.scenarioYAML = loaded.yaml
        if let threads { options.inProcessThreads = threads }
        let launcher = Launcher(options: options, logger: logger)
        let status: Int32
        do {
            status = try launcher.run()
        } catch let error as LiveMetricsError {
            FileHandle.standardError.write(Data("b5g run: \(error)\n".utf8))
            throw ExitCode(RunExitCode.badScenario)
        } catch let error as RunFolderError {
            FileHandle.standardError.write(Data("b5g run: \(error)\n".utf8))
            throw ExitCode(RunExitCode.badScenario)
        } catch let error as ResultWriteError {
            FileHandle.standardError.write(Data("b5g run: \(error)\n".utf8))
            throw ExitCode(RunExitCode.resultsNotWritten)
        }
        if status != 0 { throw ExitCode(status) }
    }
}
