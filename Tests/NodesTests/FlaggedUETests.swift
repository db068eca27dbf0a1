import XCTest
import Report
@testable import Nodes

/// Which UEs the summary flags, and the reason it gives.
final class FlaggedUETests: XCTestCase {
    func ue(_ name: String, attached: Bool? = true, downlink: RunSummary.Direction = .init(),
            uplink: RunSummary.Direction = .init()) -> RunSummary.UE {
        var u = RunSummary.UE(id: 0, name: name, group: "g", cell: "c1", downlink: downlink, uplink: uplink)
        u.attached = attached
        return u
    }

    func direction(sent: UInt64, delivered: UInt64, sinrDb: Double = 10, mcs: Double = 10) -> RunSummary.Direction {
        var d = RunSummary.Direction()
        d.windowSentPackets = sent; d.windowDeliveredPackets = delivered; d.receivedPackets = delivered
        d.loss = sent == 0 ? 0 : Double(sent - delivered) / Double(sent)
        d.meanSINRDb = sinrDb; d.meanMCS = mcs
        return d
    }

    func testServedUEIsNotFlagged() {
        XCTAssertEqual(SummaryBuilder.flags(ue("ok", downlink: direction(sent: 100, delivered: 51))), [])
    }

    func testUEThatNeverAttachedIsFlaggedOnce() {
        let f = SummaryBuilder.flags(ue("lost", attached: false, downlink: direction(sent: 100, delivered: 0)))
        XCTAssertEqual(f, [RunSummary.FlaggedUE(ue: "lost", cell: "c1", direction: nil, loss: nil, reason: "never attached")])
    }

    func testHalfLostIsFlaggedWithEveryCauseMeasured() {
        var ul = direction(sent: 100, delivered: 0, sinrDb: -23.9, mcs: 0.5)
        ul.harqFailures = 7
        var dl = direction(sent: 200, delivered: 100)
        dl.queueDrops = 90
        let f = SummaryBuilder.flags(ue("edge", downlink: dl, uplink: ul))
        XCTAssertEqual(f.map(\.direction), ["downlink", "uplink"])
        XCTAssertEqual(f.map(\.reason), ["queue drops (90 SDUs)", "low SINR (-23.9 dB), HARQ failures (7 blocks)"])
        XCTAssertEqual(f.last?.loss, 1)
    }

    func testNoCauseMeasuredSaysWhetherTheUEWasScheduled() {
        let never = SummaryBuilder.flags(ue("a", uplink: direction(sent: 10, delivered: 0, sinrDb: 0, mcs: 0)))
        XCTAssertEqual(never.map(\.reason), ["never scheduled"])
        let starved = SummaryBuilder.flags(ue("b", uplink: direction(sent: 10, delivered: 2)))
        XCTAssertEqual(starved.map(\.reason), ["not scheduled enough (backlog at the end)"])
    }
}
