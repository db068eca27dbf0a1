import ArgumentParser

@main
struct B5G: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "b5g",
        abstract: "B5GEmu: a Beyond 5G / Open RAN network emulator.",
        discussion: """
        Runs RU, DU, CU, core, channel and UE populations as separate processes over ZeroMQ open
        interfaces. `b5g run SCENARIO` starts a whole scenario; each role can also be started on its own.
        Exit codes: 0 ok, 1 a node failed, 2 bad scenario, 3 a setup procedure failed (vendor mismatch),
        130 interrupted.
        """,
        subcommands: [
            RunCommand.self, ValidateCommand.self, KeysCommand.self,
            CoreCommand.self, CUCommand.self, DUCommand.self, RUCommand.self, ChannelCommand.self, UECommand.self,
            OrchestratorCommand.self, CompareCommand.self, SweepCommand.self, ReportCommand.self,
            BenchCommand.self, PhyCommand.self, NTNCommand.self,
        ]
    )
}

struct BenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Benchmarks of the emulator itself (machine-readable with --json).",
        subcommands: [BenchTransportCommand.self, BenchSchedulerCommand.self, BenchScaleCommand.self, BenchSoakCommand.self]
    )
}
