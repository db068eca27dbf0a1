import XCTest
@testable import Scheduler

final class HARQBlockStoreTests: XCTestCase {
    func testABlockIsKeptUntilItsACK() {
        var store = HARQBlockStore<String>()
        store.makeRoom(forUE: 2)
        XCTAssertEqual(store.ueCount, 3)
        store.store("tb-a", ue: 2, process: 5)
        store.store("tb-b", ue: 2, process: 6)
        XCTAssertEqual(store.block(ue: 2, process: 5), "tb-a", "kept for a retransmission")
        store.acknowledge(ue: 2, process: 5)
        XCTAssertNil(store.block(ue: 2, process: 5), "an ACK frees the process")
        XCTAssertEqual(store.block(ue: 2, process: 6), "tb-b", "other processes keep theirs")
        XCTAssertNil(store.block(ue: 0, process: 5))
    }

    /// Process numbers wrap at 32 (the most TS 38.321 allows), as on the wire.
    func testProcessesWrapAt32() {
        var store = HARQBlockStore<Int>()
        store.makeRoom(forUE: 0)
        store.store(7, ue: 0, process: 33)
        XCTAssertEqual(store.block(ue: 0, process: 1), 7)
        store.acknowledge(ue: 0, process: 1)
        XCTAssertNil(store.block(ue: 0, process: 33))
    }

    /// A block stored unsent (its slot was late) is sent for the first time once: the first
    /// retransmission takes the flag, later ones do not.
    func testAnUnsentBlockIsFirstSentOnce() {
        var store = HARQBlockStore<String>()
        store.makeRoom(forUE: 0)
        store.storeUnsent("late", ue: 0, process: 3)
        XCTAssertEqual(store.block(ue: 0, process: 3), "late")
        XCTAssertTrue(store.takeUnsent(ue: 0, process: 3))
        XCTAssertFalse(store.takeUnsent(ue: 0, process: 3))
        store.store("on time", ue: 0, process: 4)
        XCTAssertFalse(store.takeUnsent(ue: 0, process: 4))
    }

    func testClearForgetsAUEsBlocksAndUnsentFlags() {
        var store = HARQBlockStore<String>()
        store.makeRoom(forUE: 1)
        store.store("a", ue: 1, process: 0)
        store.storeUnsent("b", ue: 1, process: 1)
        store.store("c", ue: 0, process: 0)
        store.clear(ue: 1)
        XCTAssertNil(store.block(ue: 1, process: 0))
        XCTAssertNil(store.block(ue: 1, process: 1))
        XCTAssertFalse(store.takeUnsent(ue: 1, process: 1))
        XCTAssertEqual(store.block(ue: 0, process: 0), "c")
        store.makeRoom(forUE: 1)
        XCTAssertEqual(store.ueCount, 2, "room for a UE is made once")
    }
}
