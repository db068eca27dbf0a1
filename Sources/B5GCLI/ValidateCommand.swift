import ArgumentParser
import Foundation
import Interfaces
import Nodes
import Scenario

struct ValidateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "validate",
        abstract: "Check a scenario file; list every problem with its line and what is allowed (exit 2 if any).",
        discussion: """
        With --strict, also run the vendor capability checks of every setup procedure (NG Setup, F1 Setup, \
        fronthaul setup), at both ends, as the nodes would at run time, and list every mismatch; exit 3 if any, \
        the status `b5g run` would exit with.
        """)

    @Argument(help: "Scenario YAML file.")
    var scenario: String

    @Option(name: .customLong("set"), help: ArgumentHelp("Override a scenario value, validated like the file (repeatable).", valueName: "PATH=VALUE"))
    var overrides: [String] = []

    @Flag(help: "Also check the vendors' capabilities in every setup procedure (exit 3 on a mismatch).")
    var strict = false

    func run() throws {
        let s = try loadScenario(scenario, overrides: overrides).scenario
        let ues = s.ueGroups.reduce(0) { $0 + $1.count }
        printWarnings(scenario, s)
        let summary = "\(s.nodes.count) nodes, \(s.cells.count) cells, \(ues) UEs, \(s.vendors.count) vendors"
        guard strict else {
            print("\(scenario): ok — \(summary)")
            return
        }
        let mismatches = CapabilityCheck.mismatches(in: s)
        guard !mismatches.isEmpty else {
            print("\(scenario): ok — \(summary); every setup procedure's capabilities match")
            return
        }
        let lines = mismatches.map { "\(scenario): error: \(SetupFailure($0).description)" }
        let count = mismatches.count == 1 ? "1 setup mismatch" : "\(mismatches.count) setup mismatches"
        FileHandle.standardError.write(Data((lines + ["\(scenario): \(count); `b5g run` would exit 3"]).joined(separator: "\n").utf8 + [10]))
        throw ExitCode(RunExitCode.setupFailed)
    }
}
