import XCTest
@testable import Scenario

final class ScenarioSchemaDocsTests: XCTestCase {
    /// docs/scenarios.md, found from this file's location in the repository.
    private var docsURL: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("docs/scenarios.md")
    }

    /// Fails when the field reference in docs/scenarios.md differs from the schema. To refresh it:
    /// `B5G_UPDATE_DOCS=1 swift test --filter ScenarioSchemaDocsTests`, then review the diff.
    func testGeneratedReferenceInDocsIsUpToDate() throws {
        let document = try String(contentsOf: docsURL, encoding: .utf8)
        let updated = try XCTUnwrap(ScenarioSchemaDocs.updating(document: document),
                                    "docs/scenarios.md lacks \(ScenarioSchemaDocs.beginMarker) / \(ScenarioSchemaDocs.endMarker)")
        if updated != document, ProcessInfo.processInfo.environment["B5G_UPDATE_DOCS"] == "1" {
            try updated.write(to: docsURL, atomically: true, encoding: .utf8)
            return
        }
        XCTAssertTrue(updated == document, """
            docs/scenarios.md is out of date with the scenario schema; run \
            `B5G_UPDATE_DOCS=1 swift test --filter ScenarioSchemaDocsTests` and review the diff
            """)
    }

    /// The walk-through in docs/scenarios.md is the first yaml block; it must stay loadable.
    func testWalkThroughScenarioInDocsLoads() throws {
        let document = try String(contentsOf: docsURL, encoding: .utf8)
        let start = try XCTUnwrap(document.range(of: "```yaml\n"))
        let end = try XCTUnwrap(document.range(of: "```", range: start.upperBound..<document.endIndex))
        let scenario = try ScenarioLoader.load(yaml: String(document[start.upperBound..<end.lowerBound]), file: "scenarios.md")
        XCTAssertEqual(scenario.vendors.map(\.name), ["acme", "globex"])
        XCTAssertEqual(scenario.node(named: "du1")?.vendor, "globex")
        XCTAssertEqual(scenario.ueGroups.first?.node, "ues")
    }

    func testReferenceHasATableRowForEveryKeyOfEveryObjectType() {
        let markdown = ScenarioSchemaDocs.markdown()
        let schemas = ScenarioSchemaDocs.schemasInOrder()
        XCTAssertEqual(schemas.map(\.name), ["scenario", "transport", "capture", "output", "metrics", "links", "vendor", "ruPower", "compute", "node", "cell",
                                             "ntnCell", "cellMAC", "ueGroup", "placement", "traffic", "ntn", "ntnPlatform",
                                             "spaceWeather", "ntnBackhaul", "slice", "orchestrator",
                                             "orchestratorTargets", "server", "fault"])
        for schema in schemas {
            XCTAssertTrue(markdown.contains("\n### \(schema.name)\n"), schema.name)
            for field in schema.fields {
                XCTAssertTrue(markdown.contains("| `\(field.key)` |"), "\(schema.name).\(field.key)")
            }
        }
        XCTAssertTrue(markdown.contains("| `prbs` | integer | `106` | 1...275 |"))
        XCTAssertTrue(markdown.contains("- Exactly one `core` node."))
    }

    func testUpdatingRequiresBothMarkers() {
        XCTAssertNil(ScenarioSchemaDocs.updating(document: "intro\n\(ScenarioSchemaDocs.beginMarker)\n"))
        let document = "intro\n\(ScenarioSchemaDocs.beginMarker)\nold\n\(ScenarioSchemaDocs.endMarker)\nafter\n"
        XCTAssertEqual(ScenarioSchemaDocs.updating(document: document),
                       "intro\n\(ScenarioSchemaDocs.beginMarker)\n\(ScenarioSchemaDocs.markdown())\(ScenarioSchemaDocs.endMarker)\nafter\n")
    }
}
