import Radio
import XCTest
@testable import Scheduler

/// The checker must catch what it claims to catch, or the tests that rely on it prove nothing.
final class SlotResultInvariantCheckerTests: XCTestCase {
    private func violations(_ grants: [Grant], config: CellSchedulerConfig, snapshot: CellSchedulerSnapshot,
                            checker: inout SlotResultInvariantChecker) -> [String] {
        grants.withUnsafeBufferPointer { buffer in
            let result = SlotResult(slot: 0, dlGrants: GrantList(base: buffer.baseAddress, count: buffer.count),
                                    dlSymbols: config.dlSymbols, ulSlot: config.ulGrantOffsetSlots,
                                    ulGrants: GrantList(base: nil, count: 0), ulSymbols: 0)
            return checker.check(result, before: snapshot)
        }
    }

    func testCatchesEachBrokenRule() throws {
        var config = testConfig(policy: .sliceAware(base: .roundRobin), prbs: 50, tdd: "FDD")
        config.maxDLGrantsPerSlot = 3
        config.slices = [SliceConfig(id: 1, maxPRBShare: 0.5), SliceConfig(id: 2, minPRBShare: 0.2)]
        let scheduler = try CellScheduler(config: config)
        let a = try scheduler.addUE(rnti: 1, slice: 1, initialCQI: 10)
        let b = try scheduler.addUE(rnti: 2, slice: 2, initialCQI: 10)
        scheduler.handleDLBufferStatus(ue: a, pendingBytes: 1 << 20, headOfLineArrivalSlot: 0)
        scheduler.handleDLBufferStatus(ue: b, pendingBytes: 300, headOfLineArrivalSlot: 0)
        let snapshot = scheduler.snapshot()
        let mcs = scheduler.mcs(ue: a, direction: .downlink)
        func grant(_ ue: UEIndex, rnti: RNTI, slice: SliceID, start: Int, prbs: Int, retx: Bool = false,
                   tbsBytes: Int? = nil) -> Grant {
            let bits = TransportBlockSize.bits(mcs: mcs, table: config.mcsTable, prbs: prbs, symbols: config.dlSymbols)
            return Grant(ue: ue, rnti: rnti, harqProcess: 0, isRetransmission: retx, startPRB: start, numPRBs: prbs,
                         mcs: mcs, symbols: config.dlSymbols, tbsBytes: tbsBytes ?? bits / 8, slice: slice)
        }
        // A valid result first.
        var checker = SlotResultInvariantChecker(config: config)
        let smallPRBs = (1...50).first {
            TransportBlockSize.bits(mcs: mcs, table: config.mcsTable, prbs: $0, symbols: config.dlSymbols) >= 300 * 8
        }!
        let valid = [grant(a, rnti: 1, slice: 1, start: 0, prbs: 25), grant(b, rnti: 2, slice: 2, start: 25, prbs: smallPRBs)]
        XCTAssertEqual(violations(valid, config: config, snapshot: snapshot, checker: &checker), [])

        let broken: [(String, [Grant])] = [
            ("given twice", [grant(a, rnti: 1, slice: 1, start: 0, prbs: 10), grant(b, rnti: 2, slice: 2, start: 5, prbs: 2)]),
            ("outside", [grant(a, rnti: 1, slice: 1, start: 45, prbs: 10)]),
            ("above its maximum", [grant(a, rnti: 1, slice: 1, start: 0, prbs: 26)]),
            ("below its minimum", [grant(a, rnti: 1, slice: 1, start: 0, prbs: 25)]),
            ("TS 38.214 gives", [grant(a, rnti: 1, slice: 1, start: 0, prbs: 20, tbsBytes: 100)]),
            ("carry the 300 pending bytes", [grant(b, rnti: 2, slice: 2, start: 0, prbs: smallPRBs + 1)]),
            ("more than the limit", (0..<4).map { grant(a, rnti: 1, slice: 1, start: $0 * 2, prbs: 2) }),
            ("no first transmission", [grant(b, rnti: 2, slice: 2, start: 0, prbs: smallPRBs, retx: true)]),
            ("RNTI", [grant(a, rnti: 9, slice: 1, start: 0, prbs: 5)]),
        ]
        for (expected, grants) in broken {
            var fresh = SlotResultInvariantChecker(config: config)
            let found = violations(grants, config: config, snapshot: snapshot, checker: &fresh)
            XCTAssertTrue(found.contains { $0.contains(expected) }, "expected \"\(expected)\" in \(found)")
        }
        // A retransmission must keep the first transmission's TBS.
        let retx = grant(a, rnti: 1, slice: 1, start: 0, prbs: 25, retx: true, tbsBytes: valid[0].tbsBytes - 8)
        let found = violations([retx], config: config, snapshot: snapshot, checker: &checker)
        XCTAssertTrue(found.contains { $0.contains("retransmission TBS") }, "\(found)")
    }
}
