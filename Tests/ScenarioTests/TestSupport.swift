import XCTest
@testable import Scenario

/// Path of a YAML fixture in Tests/ScenarioTests/Resources.
func fixturePath(_ name: String, file: StaticString = #filePath, line: UInt = #line) throws -> String {
    let url = Bundle.module.url(forResource: name, withExtension: "yaml", subdirectory: "Resources")
    return try XCTUnwrap(url, "missing fixture \(name).yaml", file: file, line: line).path
}

/// The issues of a scenario that must fail to load.
func issues(_ yaml: String, file: StaticString = #filePath, line: UInt = #line) -> [ScenarioIssue] {
    do {
        let scenario = try ScenarioLoader.load(yaml: yaml, file: "t.yaml")
        XCTFail("expected validation errors, loaded \(scenario.name)", file: file, line: line)
        return []
    } catch {
        return error.issues
    }
}

/// The only issue of a scenario with exactly one problem.
func singleIssue(_ yaml: String, file: StaticString = #filePath, line: UInt = #line) -> ScenarioIssue? {
    let found = issues(yaml, file: file, line: line)
    XCTAssertEqual(found.count, 1, "issues: \(found.map(\.description))", file: file, line: line)
    return found.first
}

/// A valid scenario whose `cells` section comes last, so a test can append cell keys at
/// line 18 (column 5 for the key, column 5 + key length + 2 for the value).
let baseYAML = """
name: t
duration: 1s
vendors:
  - name: acme
nodes:
  - { name: core1, role: core, vendor: acme }
  - { name: cu1, role: cu, vendor: acme, core: core1 }
  - { name: du1, role: du, vendor: acme, cu: cu1 }
  - { name: ru1, role: ru, vendor: acme, du: du1 }
  - { name: air, role: channel }
  - { name: ues, role: ue }
ueGroups:
  - { name: phones, count: 4, cell: cell1 }
cells:
  - name: cell1
    du: du1
    ru: ru1

"""

extension String {
    /// This text with `old` (which must occur exactly once) replaced by `new`.
    func replacingOnce(_ old: String, with new: String, file: StaticString = #filePath, line: UInt = #line) -> String {
        let parts = components(separatedBy: old)
        XCTAssertEqual(parts.count, 2, "'\(old)' must occur once", file: file, line: line)
        return parts.joined(separator: new)
    }
}
