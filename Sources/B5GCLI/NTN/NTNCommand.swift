import ArgumentParser
import Foundation
import NTN

/// `b5g ntn`: non-terrestrial network geometry, link budgets and visibility (TR 38.811 / TR 38.821).
public struct NTNCommand: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "ntn",
        abstract: "NTN link budgets and satellite visibility (3GPP TR 38.811 / TR 38.821).",
        subcommands: [NTNLinkCommand.self, NTNPassesCommand.self])

    public init() {}
}

extension PlatformClass: ExpressibleByArgument {}
extension NTNEnvironment: ExpressibleByArgument {}
extension PayloadType: ExpressibleByArgument {}
extension LinkDirection: ExpressibleByArgument {}

extension NTNCommand {
    /// Prints one JSON object with sorted keys on stdout.
    static func printJSON<T: Encodable>(_ value: T) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted]
        encoder.dateEncodingStrategy = .iso8601
        let data = try encoder.encode(value)
        print(String(decoding: data, as: UTF8.self))
    }
}
