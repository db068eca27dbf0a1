import ArgumentParser
import Foundation
import Scenario

extension ClockMode: ExpressibleByArgument {}
extension OrchestratorPolicyName: ExpressibleByArgument {}

/// Loads a scenario, prints every problem compiler-style and exits 2 when it is bad.
func loadScenario(_ path: String, seed: UInt64? = nil, clock: ClockMode? = nil,
                  policy: OrchestratorPolicyName? = nil) throws -> Scenario {
    var scenario: Scenario
    do {
        scenario = try ScenarioLoader.load(path: path)
    } catch {
        FileHandle.standardError.write(Data("\(error)\n".utf8))
        throw ExitCode(2)
    }
    if let seed { scenario.seed = seed }
    if let clock { scenario.clock = clock }
    if let policy {
        guard scenario.orchestrator != nil else {
            FileHandle.standardError.write(Data("\(path): --policy needs an orchestrator section and node\n".utf8))
            throw ExitCode(2)
        }
        scenario.orchestrator?.policy = policy
    }
    return scenario
}

/// The path of this executable, so the launcher can start nodes with the same binary.
func currentExecutablePath() -> String {
    (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]
}
