import Foundation
import XCTest

/// The bundled link-faults scenario: its fronthaul, F1 and NG are impaired in turn, the run goes
/// on, and every impaired unit is counted where it was sent; every corrupted one is refused as
/// malformed where it arrived.
final class LinkFaultRunTests: XCTestCase {
    func testImpairedLinksAreCountedAtBothEnds() throws {
        let dir = B5G.temporaryDirectory("faults")
        let (_, processes) = try B5G.runBundledInProcess("link-faults.yaml", in: dir)
        func impaired(_ node: String) -> [String: Int] { processes[node]?["impairedUnits"] as? [String: Int] ?? [:] }
        func malformed(_ node: String) -> Int { (processes[node]?["refusedUnits"] as? [String: Int])?["malformed"] ?? 0 }
        XCTAssertGreaterThan(impaired("du1")["dropped"] ?? 0, 0, "fronthaul units lost on the way to ru1")
        XCTAssertGreaterThan(impaired("ru1")["dropped"] ?? 0, 0, "and on the way back")
        XCTAssertGreaterThan(impaired("cu1")["delayed"] ?? 0, 0, "F1 delayed towards du1")
        XCTAssertGreaterThan(impaired("du1")["delayed"] ?? 0, 0, "and towards cu1")
        let corruptedByCore = try XCTUnwrap(impaired("core1")["corrupted"])
        XCTAssertEqual(malformed("cu1"), corruptedByCore, "the CU refuses every corrupted NG unit the core sent")
        XCTAssertEqual(malformed("core1"), impaired("cu1")["corrupted"] ?? 0)
        XCTAssertNil(processes["air"]?["impairedUnits"], "links without faults are untouched")
        XCTAssertEqual(processes["du1"]?["frozenSlots"] as? Int, 40, "20 ms frozen at 30 kHz")
        XCTAssertNil(processes["cu1"]?["frozenSlots"])
    }
}
