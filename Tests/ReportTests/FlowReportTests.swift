import XCTest
@testable import Report

/// The window counters of a flow: what was sent and received inside the measurement window.
final class FlowReportTests: XCTestCase {
    let window = MeasurementWindow(startNs: 100, endNs: 1_000)

    func testSendCountsOnlyPacketsCreatedInTheWindow() {
        var f = FlowReport(ueId: 1, direction: .downlink)
        for created: UInt64 in [50, 100, 500, 999, 1_000, 1_200] { f.send(bytes: 10, createdNs: created, window: window) }
        XCTAssertEqual(f.sentPackets, 6)
        XCTAssertEqual(f.firstCreatedNs, 50)
        XCTAssertEqual(f.windowSentPackets, 3, "the window is [start, end)")
        XCTAssertEqual(f.windowSentBytes, 30)
    }

    func testReceiveSplitsThroughputByArrivalAndDeliveryByCreation() {
        var f = FlowReport(ueId: 1, direction: .downlink)
        // Created before the window, received inside it: throughput, not delivery.
        f.receive(bytes: 100, createdNs: 50, atNs: 150, window: window)
        // Created and received inside it: both.
        f.receive(bytes: 100, createdNs: 200, atNs: 300, window: window)
        // Created inside it, received in the drain after it: delivery, not throughput.
        f.receive(bytes: 100, createdNs: 900, atNs: 1_100, window: window)
        XCTAssertEqual(f.receivedPackets, 3)
        XCTAssertEqual(f.windowReceivedPackets, 2)
        XCTAssertEqual(f.windowReceivedBytes, 200)
        XCTAssertEqual(f.windowDeliveredPackets, 2)
        XCTAssertEqual([f.firstReceivedNs, f.lastReceivedNs], [150, 1_100])
        XCTAssertEqual(window.lengthNs, 900)
    }
}
