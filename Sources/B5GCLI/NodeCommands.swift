import ArgumentParser
import Foundation
import Logging
import Nodes
import Scenario

/// Options every node role takes; endpoints come from the scenario or the environment.
struct NodeCommandOptions: ParsableArguments {
    @Option(help: "Scenario YAML file.")
    var scenario: String

    @Option(help: "Name of this node in the scenario.")
    var node: String

    @Option(help: "Launcher's report endpoint (results, progress, capture). Without it the node runs on its own.")
    var report: String?

    @Option(help: "Folder for ipc:// endpoints.")
    var ipcDir: String = "/tmp/b5g"

    @Option(help: "Override the scenario's seed.")
    var seed: UInt64?

    @Option(help: "Override the scenario's clock (\(ClockMode.allCases.map(\.rawValue).joined(separator: "|"))).")
    var clock: ClockMode?

    @Option(help: "Folder of the run's CurveZMQ keys (transport.security: curve): this node's <node>.pub and <node>.key, its peers' .pub (and launcher.pub with --report). Make one with `b5g keys`.")
    var keys: String?

    @Option(help: "Real-time mode: Unix time (ns) of slot 0.")
    var epochUnixNs: UInt64?

    @Option(help: "Override the orchestrator's policy (\(OrchestratorPolicyName.allCases.map(\.rawValue).joined(separator: "|"))).")
    var policy: OrchestratorPolicyName?

    @Option(help: "Folder where files the scenario names (TLE files) are found (default: the scenario file's folder).")
    var scenarioDir: String?

    @Option(help: "Start again after the node's restart fault number N (0 = its first): the launcher passes it when it restarts a node.")
    var restartIndex: Int?

    func run(expecting role: NodeRole) throws {
        let s = try loadScenario(scenario, directory: scenarioDir, seed: seed, clock: clock, policy: policy)
        guard let config = s.node(named: node) else {
            throw ValidationError("no node named '\(node)' in \(scenario); nodes: \(s.nodes.map(\.name).joined(separator: ", "))")
        }
        guard config.role == role else {
            throw ValidationError("node '\(node)' is a \(config.role.rawValue), not a \(role.rawValue)")
        }
        LoggingSetup.bootstrap(node: node)
        var logger = Logger(label: "b5g.\(role.rawValue)")
        logger[metadataKey: "node"] = "\(node)"
        installStopHandlers()
        try FileManager.default.createDirectory(atPath: ipcDir, withIntermediateDirectories: true)
        var topology = Topology(scenario: s)
        topology.scenarioDirectory = scenarioDir ?? URL(fileURLWithPath: scenario).deletingLastPathComponent().path
        let behavior = try NodeFactory.makeBehavior(topology: topology, nodeName: node)
        var options = NodeOptions(scenario: s, nodeName: node, reportEndpoint: report, ipcDirectory: ipcDir,
                                  epochUnixNs: epochUnixNs)
        options.scenarioDirectory = topology.scenarioDirectory
        options.keysDirectory = keys
        if let restartIndex {
            guard topology.restarts(of: node).indices.contains(restartIndex) else {
                throw ValidationError("--restart-index \(restartIndex): node '\(node)' has \(topology.restarts(of: node).count) restart faults")
            }
            options.restartIndex = restartIndex
        }
        let runtime = try NodeRuntime(options: options, role: behavior, logger: logger)
        let status = runtime.run()
        if status != 0 { throw ExitCode(status) }
    }
}

/// SIGTERM/SIGINT ask the node to stop at the next slot and report what it measured.
func installStopHandlers() {
    signal(SIGTERM) { _ in nodeStopRequested.store(true, ordering: .relaxed) }
    signal(SIGINT) { _ in nodeStopRequested.store(true, ordering: .relaxed) }
    signal(SIGPIPE, SIG_IGN)
}

struct CoreCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "core", abstract: "Run a 5GC node (AMF/UPF roles, N6 traffic).")
    @OptionGroup var options: NodeCommandOptions
    func run() throws { try options.run(expecting: .core) }
}

struct CUCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "cu", abstract: "Run a CU (CU-CP and CU-UP).")
    @OptionGroup var options: NodeCommandOptions
    func run() throws { try options.run(expecting: .cu) }
}

struct DUCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "du", abstract: "Run a DU (RLC, MAC, scheduler).")
    @OptionGroup var options: NodeCommandOptions
    func run() throws { try options.run(expecting: .du) }
}

struct RUCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "ru", abstract: "Run an RU (low PHY, fronthaul to air).")
    @OptionGroup var options: NodeCommandOptions
    func run() throws { try options.run(expecting: .ru) }
}

struct ChannelCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "channel", abstract: "Run the RF channel emulator.")
    @OptionGroup var options: NodeCommandOptions
    func run() throws { try options.run(expecting: .channel) }
}

struct UECommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "ue", abstract: "Run a population of UEs.")
    @OptionGroup var options: NodeCommandOptions
    func run() throws { try options.run(expecting: .ue) }
}

struct OrchestratorCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "orchestrator",
                                                    abstract: "Run the orchestrator (E2 KPM reports in, RC control out).")
    @OptionGroup var options: NodeCommandOptions
    func run() throws { try options.run(expecting: .orchestrator) }
}
