import ArgumentParser
import Foundation
import Nodes

/// `b5g keys`: the CurveZMQ key folder for a scenario's nodes, for nodes started by hand (the
/// launcher makes its own for every run).
struct KeysCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "keys",
        abstract: "Make CurveZMQ keys for every node of a scenario (for nodes started by hand with --keys).",
        discussion: """
            Writes <node>.pub and <node>.key (mode 0600) for every node, and launcher.pub/.key for a \
            collector of reports, into a folder of mode 0700. Give each host only its nodes' .key files \
            and everyone's .pub files.
            """)

    @Argument(help: "Scenario YAML file.")
    var scenario: String

    @Option(help: "Folder to write (created).")
    var out: String

    func run() throws {
        let s = try loadScenario(scenario)
        try RunKeys.generate(for: s).write(to: out)
        print("keys for \(s.nodes.count) nodes and the launcher in \(out)/")
    }
}
