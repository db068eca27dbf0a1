import XCTest
@testable import Scenario

final class ScenarioOverrideTests: XCTestCase {
    private func load(_ arguments: [String]) throws -> ScenarioLoader.Loaded {
        let overrides = try arguments.map { try XCTUnwrap(ScenarioOverride(argument: $0), $0) }
        return try ScenarioLoader.load(path: try fixturePath("quickstart-two-vendors"), overrides: overrides)
    }

    /// The issues of overrides that must fail.
    private func overrideIssues(_ arguments: [String], file: StaticString = #filePath, line: UInt = #line) -> [ScenarioIssue] {
        do {
            let loaded = try load(arguments)
            XCTFail("expected validation errors, loaded \(loaded.scenario.name)", file: file, line: line)
        } catch let error as ScenarioValidationError {
            return error.issues
        } catch {
            XCTFail("\(error)", file: file, line: line)
        }
        return []
    }

    func testArgumentSplitsAtTheFirstEquals() {
        XCTAssertEqual(ScenarioOverride(argument: "description=a=b"), ScenarioOverride(path: "description", value: "a=b"))
        XCTAssertNil(ScenarioOverride(argument: "duration"))
        XCTAssertNil(ScenarioOverride(argument: "=3s"))
    }

    func testTopLevelKeyIsValidatedInItsUnits() throws {
        let base = try load([])
        XCTAssertEqual(base.scenario.durationMs, 2000)
        let loaded = try load(["duration=3s", "seed=42"])
        XCTAssertEqual(loaded.scenario.durationMs, 3000)
        XCTAssertEqual(loaded.scenario.seed, 42)
        // The written text is the overridden tree, and it loads to the same scenario.
        XCTAssertEqual(try ScenarioLoader.load(yaml: loaded.yaml, file: "scenario.yaml"), loaded.scenario)
    }

    func testNestedMapKey() throws {
        let loaded = try load(["links.ng=5ms", "capture.enabled=true"])
        XCTAssertEqual(loaded.scenario.links.ngUs, 5000)
        XCTAssertEqual(loaded.scenario.capture.enabled, true)
        XCTAssertEqual(loaded.scenario.links.f1Us, 250, "the other keys of the map stay")
    }

    func testListEntryByNameAndByIndex() throws {
        let base = try load([])
        let names = base.scenario.ueGroups.map(\.name)
        let second = try XCTUnwrap(names.dropFirst().first)
        let loaded = try load(["ueGroups.\(second).count=40", "cells.0.prbs=52"])
        XCTAssertEqual(loaded.scenario.ueGroups[1].count, 40)
        XCTAssertEqual(loaded.scenario.ueGroups[0].count, base.scenario.ueGroups[0].count)
        XCTAssertEqual(loaded.scenario.cells[0].prbs, 52)
    }

    func testUnknownEntryNameSuggestsTheClosest() throws {
        let name = try XCTUnwrap(try load([]).scenario.ueGroups.first?.name)
        let found = overrideIssues(["ueGroups.\(name)x.count=4"])
        XCTAssertEqual(found.count, 1)
        XCTAssertEqual(found.first?.suggestion, name)
        XCTAssertEqual(found.first?.rendered(file: "q.yaml").hasPrefix("--set ueGroups.\(name)x.count=4: error: "), true)
    }

    func testUnknownKeyIsReportedUnderItsOverrideWithASuggestion() {
        let found = overrideIssues(["durration=1s"])
        XCTAssertEqual(found.count, 1)
        XCTAssertEqual(found.first?.suggestion, "duration")
        XCTAssertEqual(found.first?.override, "durration=1s")
    }

    func testValueFailingValidationNamesTheOverride() throws {
        let name = try XCTUnwrap(try load([]).scenario.ueGroups.first?.name)
        let found = overrideIssues(["ueGroups.\(name).count=abc"])
        XCTAssertEqual(found.count, 1)
        XCTAssertEqual(found.first?.rendered(file: "q.yaml"),
                       "--set ueGroups.\(name).count=abc: error: ueGroups[0].count: expected an integer, found 'abc'; allowed 1...100000")
        let range = overrideIssues(["cells.0.prbs=400"])
        XCTAssertEqual(range.first?.allowed, "1...275")
        XCTAssertEqual(range.first?.override, "cells.0.prbs=400")
    }

    func testPathThroughASingleValueIsRefused() {
        let found = overrideIssues(["duration.ms=3"])
        XCTAssertEqual(found.first?.message, "duration is a single value, so it has no 'ms' inside")
    }

    func testSweepValuesKeepCommasInsideBrackets() {
        XCTAssertEqual(ScenarioOverride.sweepValues("10, 20,40"), ["10", "20", "40"])
        XCTAssertEqual(ScenarioOverride.sweepValues("[0, 0, 25],[1, 2, 3]"), ["[0, 0, 25]", "[1, 2, 3]"])
    }
}
