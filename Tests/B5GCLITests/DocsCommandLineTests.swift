import ArgumentParser
import XCTest
@testable import B5GCLI

/// Every `b5g ...` command the README and docs/*.md show parses with the command tree (it is
/// not run): a renamed option or a wrong argument in the docs fails here.
final class DocsCommandLineTests: XCTestCase {
    func testEveryDocumentedCommandParses() throws {
        var checked = 0
        for page in try DocsText.pages() {
            for (line, command, inProse) in DocsText.commands(page.text) {
                checked += 1
                guard let problem = Self.problem(command, inProse: inProse) else { continue }
                XCTFail("\(page.path):\(line): `\(command)` does not parse: \(problem)")
            }
        }
        XCTAssertGreaterThan(checked, 30, "the README alone shows more than 30 commands")
    }

    /// Why a documented command does not parse, or nil. Prose may name a command and some of
    /// its options without a whole command line (`b5g run`, `b5g compare ... --policies`): there
    /// only what is wrong counts, not what is left out.
    static func problem(_ command: String, inProse: Bool) -> String? {
        do {
            _ = try B5G.parseAsRoot(DocsText.arguments(command))
            return nil
        } catch {
            let message = B5G.message(for: error)
            if inProse, message.hasPrefix("Missing expected argument") || message.hasPrefix("Missing value for") { return nil }
            return message
        }
    }

    func testTheExtractorFindsCommandsInBlocksAndProseAndStopsAtShellSyntax() {
        let page = """
            Run `b5g run FILE --seed
            2` or the block:

            ```sh
            $ b5g sweep s.yaml --set a=1,2 \\
                [--seeds 3] --out out/x   # a comment
            B5G_SPIN_US=0 b5g bench transport | tee out.txt
            echo b5g
            ```
            """
        let commands = DocsText.commands(page)
        XCTAssertEqual(commands.map(\.line), [5, 7, 1])
        XCTAssertEqual(commands.map(\.inProse), [false, false, true])
        XCTAssertEqual(commands.map { DocsText.arguments($0.command) }, [
            ["sweep", "s.yaml", "--set", "a=1,2", "--seeds", "3", "--out", "out/x"],
            ["bench", "transport"],
            ["run", "FILE", "--seed", "2"],
        ])
    }

    func testAWrongOptionIsCaughtInProseTooAndAMissingArgumentOnlyInABlock() {
        XCTAssertNotNil(Self.problem("b5g run --scenario FILE", inProse: true))
        XCTAssertNotNil(Self.problem("b5g run --seed", inProse: false))
        XCTAssertNil(Self.problem("b5g run --seed", inProse: true))
        XCTAssertNil(Self.problem("b5g run FILE --metrics-port 0", inProse: false))
    }
}
