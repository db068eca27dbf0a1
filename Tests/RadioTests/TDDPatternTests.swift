import XCTest
@testable import Radio

final class TDDPatternTests: XCTestCase {
    func testParsesAndRepeats() throws {
        let p = try TDDPattern("DDDSU")
        XCTAssertEqual(p.periodSlots, 5)
        XCTAssertEqual(p.kind(ofSlot: 0), .downlink)
        XCTAssertEqual(p.kind(ofSlot: 3), .special)
        XCTAssertEqual(p.kind(ofSlot: 4), .uplink)
        XCTAssertEqual(p.kind(ofSlot: 8), .special)
        XCTAssertEqual(p.downlinkSymbols(slot: 3), 10)
        XCTAssertEqual(p.uplinkSymbols(slot: 3), 2)
        XCTAssertEqual(p.downlinkSymbols(slot: 4), 0)
        XCTAssertEqual(p.uplinkSymbols(slot: 9), 14)
        XCTAssertEqual(p.description, "DDDSU")
        let long = try TDDPattern("DDDDDDDSUU", specialDownlinkSymbols: 6, specialGuardSymbols: 4, specialUplinkSymbols: 4)
        XCTAssertEqual(long.downlinkSymbols(slot: 7), 6)
        XCTAssertEqual(long.downlinkSymbolFraction, (7 * 14 + 6) / 140.0, accuracy: 1e-12)
    }

    /// Full DL slots carry the PDSCH symbols; a special slot its DL symbols less the same
    /// control symbols, never below 0; UL slots none.
    func testPDSCHSymbols() throws {
        let p = try TDDPattern("DDDSU")
        XCTAssertEqual((0..<5).map { p.pdschSymbols(slot: $0, fullSlotSymbols: 12) }, [12, 12, 12, 8, 0])
        XCTAssertEqual(p.pdschSymbols(slot: 8, fullSlotSymbols: 11), 7)
        let shortSpecial = try TDDPattern("DSU", specialDownlinkSymbols: 2, specialGuardSymbols: 2, specialUplinkSymbols: 10)
        XCTAssertEqual(shortSpecial.pdschSymbols(slot: 1, fullSlotSymbols: 12), 0)
        let allDLSpecial = try TDDPattern("DSU", specialDownlinkSymbols: 14, specialGuardSymbols: 0, specialUplinkSymbols: 0)
        XCTAssertEqual(allDLSpecial.pdschSymbols(slot: 1, fullSlotSymbols: 12), 12)
        XCTAssertEqual(TDDPattern.fdd.pdschSymbols(slot: 3, fullSlotSymbols: 12), 12)
    }

    func testFDD() throws {
        XCTAssertTrue(TDDPattern.fdd.isFDD)
        XCTAssertEqual(TDDPattern.fdd.downlinkSymbols(slot: 17), 14)
        XCTAssertEqual(TDDPattern.fdd.uplinkSymbols(slot: 17), 14)
        XCTAssertEqual(try TDDPattern("fdd"), .fdd)
    }

    func testRejectsMalformedPatterns() {
        XCTAssertThrowsError(try TDDPattern("DDXSU")) { error in
            let text = String(describing: error)
            XCTAssertTrue(text.contains("'X'") && text.contains("slot 2"), text)
        }
        XCTAssertThrowsError(try TDDPattern(""))
        XCTAssertThrowsError(try TDDPattern("DDDSU", specialDownlinkSymbols: 10, specialGuardSymbols: 2, specialUplinkSymbols: 3))
        XCTAssertThrowsError(try TDDPattern(String(repeating: "D", count: 81)))
    }
}
