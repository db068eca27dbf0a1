import Scenario
import XCTest
@testable import Nodes

/// The channel's NTN link state over emulated time, without processes.
final class NTNLinksTests: XCTestCase {
    func scenario(handover: NTNHandoverName) -> Scenario {
        var s = TopologyTests.scenario()
        s.ueGroups[0].count = 1
        s.ueGroups[0].placement = PlacementConfig(kind: .ring, radiusM: 1, minRadiusM: 0)
        s.cells[0].position = [0, 0, 0]
        s.cells[0].carrierGHz = 2
        s.cells[0].ntn = NTNCellConfig(platform: "leo", minElevationDeg: 30, handover: handover, handoverLeadS: 20)
        s.ntn = NTNConfig(originLatitudeDeg: 35, originLongitudeDeg: 139, handoverInterruptionMs: 40, updatePeriodMs: 1000,
                          platforms: [NTNPlatformConfig(name: "leo", kind: .walker, altitudeKm: 550, inclinationDeg: 53,
                                                        satellites: 720, planes: 36, phasing: 1)])
        return s
    }

    /// Elevation of the serving platform at the last update before each handover, over 10 minutes.
    func elevationsBeforeHandover(_ handover: NTNHandoverName) -> [Double] {
        let topology = Topology(scenario: scenario(handover: handover))
        let links = NTNLinks(topology: topology, geometry: topology.ntnGeometry()!)
        var out: [Double] = []
        var before = links.links[0]!
        for second in 0..<600 {
            links.update(nowNs: UInt64(second) * 1_000_000_000)
            let now = links.links[0]!
            if now.handovers > before.handovers { out.append(before.elevationDeg) }
            before = now
        }
        return out
    }

    func testThresholdHandoverLeavesAtTheMinimumElevation() {
        let e = elevationsBeforeHandover(.threshold)
        XCTAssertFalse(e.isEmpty, "a LEO UE is handed over within 10 minutes")
        for elevation in e { XCTAssertEqual(elevation, 30, accuracy: 1.5, "left when it dropped below 30 degrees") }
    }

    func testConditionalHandoverLeavesAheadOfTheMinimumElevation() {
        let e = elevationsBeforeHandover(.conditional)
        XCTAssertFalse(e.isEmpty)
        for elevation in e { XCTAssertGreaterThan(elevation, 32, "left 20 s before reaching 30 degrees") }
    }

    func testDelayAndDopplerFollowTheGeometry() {
        let topology = Topology(scenario: scenario(handover: .threshold))
        let links = NTNLinks(topology: topology, geometry: topology.ntnGeometry()!)
        links.update(nowNs: 0)
        let l = links.links[0]!
        XCTAssertGreaterThanOrEqual(l.elevationDeg, 30)
        // Service + feeder (gateway at the UE) = 2 x slant range / c; slant range between 550 km and
        // the 30-degree slant range (about 1,000 km).
        XCTAssertGreaterThan(l.oneWayDelayMs, 2 * 550 / 299_792.458 * 1000)
        XCTAssertLessThan(l.oneWayDelayMs, 2 * 1_000 / 299_792.458 * 1000)
        XCTAssertLessThan(abs(l.dopplerHz), 2e9 * 7.6 / 299_792.458, "below v/c of a LEO satellite at 2 GHz")
        XCTAssertTrue(links.isUp(ue: 0, nowNs: 0))
    }

    func testAUESteeredIntoAnNTNCellGetsALinkAndLosesItWhenSteeredBack() {
        var s = scenario(handover: .threshold)
        s.cells.append(CellConfig(name: "ground", du: "du", ru: "ru2", position: [0, 0, 25]))
        s.ueGroups.append(UEGroupConfig(name: "walkers", count: 1, cell: "ground", node: "ues"))
        let topology = Topology(scenario: s)
        let links = NTNLinks(topology: topology, geometry: topology.ntnGeometry()!)
        XCTAssertFalse(links.isNTN(ue: 1), "placed in the terrestrial cell")
        links.moveUE(1, toCell: 0, nowNs: 0)
        XCTAssertTrue(links.isNTN(ue: 1))
        XCTAssertGreaterThan(links.extraDelaySlots(ue: 1), 0, "satellite delay from the first slot after the move")
        XCTAssertTrue(links.isUp(ue: 1, nowNs: 0))
        links.moveUE(1, toCell: 1, nowNs: 1_000_000)
        XCTAssertFalse(links.isNTN(ue: 1))
        XCTAssertEqual(links.extraDelaySlots(ue: 1), 0)
    }
}
