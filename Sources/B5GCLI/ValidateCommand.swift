import ArgumentParser
import Scenario

struct ValidateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "validate",
        abstract: "Check a scenario file; list every problem with its line and what is allowed (exit 2 if any).")

    @Argument(help: "Scenario YAML file.")
    var scenario: String

    func run() throws {
        let s = try loadScenario(scenario)
        let ues = s.ueGroups.reduce(0) { $0 + $1.count }
        print("\(scenario): ok — \(s.nodes.count) nodes, \(s.cells.count) cells, \(ues) UEs, \(s.vendors.count) vendors")
    }
}
