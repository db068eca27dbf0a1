import ArgumentParser
import Foundation
import Scenario

extension ClockMode: ExpressibleByArgument {}

/// Loads a scenario, prints every problem compiler-style and exits 2 when it is bad.
func loadScenario(_ path: String, seed: UInt64? = nil, clock: ClockMode? = nil) throws -> Scenario {
    do {
        var scenario = try ScenarioLoader.load(path: path)
        if let seed { scenario.seed = seed }
        if let clock { scenario.clock = clock }
        return scenario
    } catch {
        FileHandle.standardError.write(Data("\(error)\n".utf8))
        throw ExitCode(2)
    }
}

/// The path of this executable, so the launcher can start nodes with the same binary.
func currentExecutablePath() -> String {
    (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]
}
