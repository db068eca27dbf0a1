import Interfaces
import XCTest
@testable import Nodes

final class RLCQueueTests: XCTestCase {
    func testSegmentsFillTransportBlocksAndReassemble() {
        var q = RLCQueue(maxBytes: 100_000)
        for i in 0..<3 { q.enqueue(sequence: UInt32(i), sizeBytes: 1000, createdNs: UInt64(i) * 10) }
        XCTAssertEqual(q.bytesToDrain, 3000 + 3 * RLCQueue.segmentOverheadBytes)
        var rx = RLCReassembly()
        var delivered: [UInt32] = []
        var total = 0
        while !q.isEmpty {
            let segments = q.dequeue(capacityBytes: 700)
            let used = segments.reduce(0) { $0 + Int($1.length) + RLCQueue.segmentOverheadBytes }
            XCTAssertLessThanOrEqual(used, 700)
            for s in segments {
                total += Int(s.length)
                if rx.receive(s) { delivered.append(s.sequence) }
            }
        }
        XCTAssertEqual(total, 3000)
        XCTAssertEqual(delivered, [0, 1, 2])
        XCTAssertEqual(rx.incompleteSDUs, 0)
        XCTAssertEqual(q.pendingBytes, 0)
    }

    func testFullQueueDropsAndCounts() {
        var q = RLCQueue(maxBytes: 2500)
        XCTAssertTrue(q.enqueue(sequence: 0, sizeBytes: 1200, createdNs: 0))
        XCTAssertTrue(q.enqueue(sequence: 1, sizeBytes: 1200, createdNs: 0))
        XCTAssertFalse(q.enqueue(sequence: 2, sizeBytes: 1200, createdNs: 0))
        XCTAssertEqual(q.droppedSDUs, 1)
        XCTAssertEqual(q.droppedBytes, 1200)
    }

    func testHeadOfLineIsOldestWaitingSDU() {
        var q = RLCQueue(maxBytes: 10_000)
        XCTAssertNil(q.headOfLineCreatedNs)
        q.enqueue(sequence: 0, sizeBytes: 100, createdNs: 5)
        q.enqueue(sequence: 1, sizeBytes: 100, createdNs: 9)
        _ = q.dequeue(capacityBytes: 104)
        XCTAssertEqual(q.headOfLineCreatedNs, 9)
    }

    func testTinyGrantTakesNothing() {
        var q = RLCQueue(maxBytes: 10_000)
        q.enqueue(sequence: 0, sizeBytes: 100, createdNs: 0)
        XCTAssertTrue(q.dequeue(capacityBytes: RLCQueue.segmentOverheadBytes).isEmpty)
        XCTAssertEqual(q.pendingBytes, 100)
    }

    func testReassemblyForgetsTheOldestIncompleteSDUsBeyondItsWindow() {
        var r = RLCReassembly()
        func firstHalf(_ seq: UInt32) -> RLCSegment {
            RLCSegment(sequence: seq, sduBytes: 100, offset: 0, length: 50, createdNs: 0, wallCreatedNs: 0)
        }
        // Every SDU loses its second half: without a bound these would pile up for the whole run.
        for seq in 0..<UInt32(5 * RLCReassembly.maxPartialSDUs) { XCTAssertFalse(r.receive(firstHalf(seq))) }
        XCTAssertLessThanOrEqual(r.incompleteSDUs, RLCReassembly.maxPartialSDUs)
        XCTAssertEqual(r.discardedSDUs + UInt64(r.incompleteSDUs), UInt64(5 * RLCReassembly.maxPartialSDUs))
        // The newest incomplete SDU is still there and completes.
        let last = UInt32(5 * RLCReassembly.maxPartialSDUs - 1)
        XCTAssertTrue(r.receive(RLCSegment(sequence: last, sduBytes: 100, offset: 50, length: 50, createdNs: 0, wallCreatedNs: 0)))
    }
}
