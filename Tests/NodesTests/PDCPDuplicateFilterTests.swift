import XCTest
@testable import Nodes

/// PDCP duplicate discard: an SDU delivered once is dropped when it comes again (a HARQ block
/// decoded twice after its ACK was lost), in or out of order, within the window.
final class PDCPDuplicateFilterTests: XCTestCase {
    func testASequenceIsDeliveredOnce() {
        var f = PDCPDuplicateFilter()
        XCTAssertEqual([5, 6, 6, 8, 7, 7, 5, 9].map { f.accept($0) }, [true, true, false, true, true, false, false, true])
        XCTAssertEqual(f.discarded, 3)
    }

    func testTheWindowSlidesAndForgetsWhatFellOutOfIt() {
        var f = PDCPDuplicateFilter()
        XCTAssertTrue(f.accept(10))
        XCTAssertTrue(f.accept(10 + PDCPDuplicateFilter.window))   // slot 10's bit is reused for this one
        XCTAssertFalse(f.accept(10), "older than the window: discarded")
        XCTAssertTrue(f.accept(5 + PDCPDuplicateFilter.window), "skipped earlier, inside the window: new")
        XCTAssertFalse(f.accept(10 + PDCPDuplicateFilter.window))
        XCTAssertTrue(f.accept(20_000))
        XCTAssertTrue(f.accept(20_000 - 5), "late but inside the window, never seen")
        XCTAssertFalse(f.accept(20_000 - 5))
    }
}
