import ArgumentParser
import Foundation
import Scenario

extension ClockMode: ExpressibleByArgument {}
extension OrchestratorPolicyName: ExpressibleByArgument {}

/// Loads a scenario, prints every problem compiler-style and exits 2 when it is bad.
func loadScenario(_ path: String, directory: String? = nil, seed: UInt64? = nil, clock: ClockMode? = nil,
                  policy: OrchestratorPolicyName? = nil) throws -> Scenario {
    try loadScenario(path, overrides: [], directory: directory, seed: seed, clock: clock, policy: policy).scenario
}

/// The `--set PATH=VALUE` arguments as overrides; exits 2 on one without `=`.
func parseOverrides(_ arguments: [String]) throws -> [ScenarioOverride] {
    try arguments.map { argument in
        guard let override = ScenarioOverride(argument: argument) else {
            FileHandle.standardError.write(Data("--set \(argument): error: expected PATH=VALUE, e.g. ueGroups.phones.count=40\n".utf8))
            throw ExitCode(2)
        }
        return override
    }
}

/// Loads a scenario with its `--set` overrides, prints every problem compiler-style (an
/// overridden value's under its `--set`) and exits 2 when it is bad.
func loadScenario(_ path: String, overrides: [String], directory: String? = nil, seed: UInt64? = nil, clock: ClockMode? = nil,
                  policy: OrchestratorPolicyName? = nil) throws -> ScenarioLoader.Loaded {
    var loaded: ScenarioLoader.Loaded
    do {
        loaded = try ScenarioLoader.load(path: path, overrides: try parseOverrides(overrides), directory: directory)
    } catch let error as ScenarioValidationError {
        FileHandle.standardError.write(Data("\(error)\n".utf8))
        throw ExitCode(2)
    }
    var scenario = loaded.scenario
    if let seed { scenario.seed = seed }
    if let clock { scenario.clock = clock }
    if let policy {
        guard scenario.orchestrator != nil else {
            FileHandle.standardError.write(Data("\(path): --policy needs an orchestrator section and node\n".utf8))
            throw ExitCode(2)
        }
        scenario.orchestrator?.policy = policy
    }
    loaded.scenario = scenario
    return loaded
}

/// Prints the scenario's warnings (``Scenario/warnings``) on stderr, compiler-style; the run goes on.
func printWarnings(_ path: String, _ scenario: Scenario) {
    for warning in scenario.warnings { FileHandle.standardError.write(Data("\(path): warning: \(warning)\n".utf8)) }
}

/// The path of this executable, so the launcher can start nodes with the same binary.
func currentExecutablePath() -> String {
    (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]
}

/// `--realtime-priority` is for separate processes: one process's engine threads spin while they
/// wait, and under SCHED_FIFO they would starve the launcher's thread.
func validateRealTimePriority(_ realtimePriority: Bool, inProcess: Bool) throws {
    if realtimePriority, inProcess { throw ValidationError("--realtime-priority applies to separate processes, not --in-process") }
}
