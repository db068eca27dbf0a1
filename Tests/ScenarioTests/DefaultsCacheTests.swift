import Foundation
import Yams
import XCTest
@testable import Scenario

/// Schema defaults are composed once per field, not once per list entry, and the tree they give
/// is the same as composing each anew.
final class DefaultsCacheTests: XCTestCase {
    static var scenariosFolder: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Scenarios")
    }

    /// The validated tree of `yaml`, with defaults cached or not, and how many defaults were composed.
    func tree(_ yaml: String, cached: Bool) throws -> (tree: [String: ScenarioValue]?, parsed: Int, issues: Int) {
        let root = try XCTUnwrap(try Yams.compose(yaml: yaml))
        var validator = SchemaValidator()
        validator.cachesDefaults = cached
        let tree = validator.object(root, ScenarioSchema.root, at: "", deferRules: true)
        return (tree, validator.defaultsParsed, validator.issues.count)
    }

    func testEveryBundledScenarioGivesTheSameTreeWithCachedDefaults() throws {
        let files = try FileManager.default.contentsOfDirectory(atPath: Self.scenariosFolder.path).filter { $0.hasSuffix(".yaml") }.sorted()
        XCTAssertGreaterThan(files.count, 5)
        for file in files {
            let yaml = try String(contentsOf: Self.scenariosFolder.appendingPathComponent(file), encoding: .utf8)
            let cached = try tree(yaml, cached: true), fresh = try tree(yaml, cached: false)
            XCTAssertNotNil(cached.tree, file)
            XCTAssertEqual(cached.tree, fresh.tree, file)
            XCTAssertEqual(cached.issues, fresh.issues, file)
            XCTAssertLessThanOrEqual(cached.parsed, fresh.parsed, file)
            XCTAssertNoThrow(try ScenarioLoader.load(yaml: yaml, file: file), file)
        }
    }

    func testJSONTextOfTheTree() {
        let value = ScenarioValue.object(["b": .boolean(true), "a": .list([.integer(1), .string("x\"y\n"), .number(0.5)]),
                                          "c": .object([:]), "d": .list([])])
        XCTAssertEqual(value.jsonText, #"{"a":[1,"x\"y\n",0.5],"b":true,"c":{},"d":[]}"#)
    }

    /// 2,000 vendors compose no more defaults than 2: the work per entry does not include YAML.
    func testDefaultsAreComposedOncePerFieldWhateverTheListLength() throws {
        let yaml = try String(contentsOf: Self.scenariosFolder.appendingPathComponent("quickstart.yaml"), encoding: .utf8)
        func extraVendors(_ n: Int) -> String {
            yaml.replacingOccurrences(of: "\nnodes:\n", with: "\n" + (0..<n).map { "  - { name: extra\($0) }\n" }.joined() + "nodes:\n")
        }
        let many = extraVendors(2000)
        let few = try tree(extraVendors(2), cached: true), large = try tree(many, cached: true), largeFresh = try tree(many, cached: false)
        XCTAssertEqual(large.issues, 0)
        XCTAssertEqual(large.parsed, few.parsed, "the same default fields are used, each composed once")
        XCTAssertGreaterThan(largeFresh.parsed, 2000, "without the cache each vendor composes its defaults")
        XCTAssertEqual(large.tree, largeFresh.tree)
        guard case .list(let vendors)? = large.tree?["vendors"] else { return XCTFail("no vendors list") }
        XCTAssertEqual(vendors.count, 2002)
        XCTAssertEqual(vendors[2].object?.keys.sorted(), vendors[2001].object?.keys.sorted())
    }
}
