import Scenario
import XCTest
@testable import B5GCLI

/// The scenarios `b5g bench scale` generates load and pass every setup procedure, up to its
/// largest case (2,000 UEs behind one core and one CU).
final class ScaleScenarioTests: XCTestCase {
    func testGeneratedScenariosPassTheCapabilityChecks() throws {
        for (cells, uesPerCell) in [(1, 1), (4, 256), (8, 250), (64, 31)] {
            let generated = ScaleScenario(cells: cells, uesPerCell: uesPerCell, durationMs: 100)
            let scenario = try ScenarioLoader.load(yaml: generated.yaml(), file: generated.name)
            XCTAssertEqual(scenario.totalUEs, cells * uesPerCell)
            XCTAssertEqual(CapabilityCheck.mismatches(in: scenario).map(\.detail), [], generated.name)
        }
    }
}
