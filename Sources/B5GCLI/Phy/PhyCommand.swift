import ArgumentParser

/// `b5g phy`: PHY abstraction calculators (TS 38.214 TBS, TR 38.901 link budget).
public struct PhyCommand: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "phy",
        abstract: "PHY abstraction calculators: TS 38.214 TBS and TR 38.901 link budgets.",
        subcommands: [PhyTBSCommand.self, PhyLinkCommand.self])

    public init() {}
}
