import Radio
import XCTest
@testable import Scheduler

final class CandidateHeapTests: XCTestCase {
    func testKeepsTheBestCandidatesInRankOrder() {
        var heap = CandidateHeap(capacity: 16)
        defer { heap.deallocate() }
        var generator = SeededGenerator(seed: 3)
        for limit in [1, 5, 16] {
            heap.removeAll(keeping: limit)
            // Few distinct keys, so ties (broken by the lower UE index) are frequent.
            let keys = (0..<500).map { _ in UInt64.random(in: 0..<40, using: &generator) }
            for (ue, key) in keys.enumerated() { heap.offer(key: key, ue: Int32(ue)) }
            heap.sortDescending()
            var best: [Int] = []
            while heap.hasMore { best.append(heap.popBest()) }
            let expected = keys.indices.sorted { keys[$0] != keys[$1] ? keys[$0] > keys[$1] : $0 < $1 }.prefix(limit)
            XCTAssertEqual(best, Array(expected))
        }
    }
}
