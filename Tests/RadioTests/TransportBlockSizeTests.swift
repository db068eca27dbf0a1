import XCTest
@testable import Radio

final class TransportBlockSizeTests: XCTestCase {
    /// Published MATLAB `nrTBS` outputs, as committed in the srsRAN Project test data
    /// (tests/unittests/scheduler/support/tbs_calculator_test_data.h, generated 2023-09-14
    /// by srsTBSCalculatorUnittest.m). Fields: symbols, DMRS REs/PRB, xOverhead, Qm,
    /// R x 1024, layers, TB scaling field (0 -> S=1, 2 -> S=0.25), PRBs, TBS.
    private let nrTBSVectors: [(sym: Int, dmrs: Int, oh: Int, qm: Int, r: Double, v: Int, sf: Int, prb: Int, tbs: Int)] = [
        (12, 6, 0, 2, 102.4, 1, 0, 6, 160),
        (12, 6, 0, 2, 102.4, 1, 2, 6, 40),
        (12, 6, 12, 2, 921.6, 1, 0, 6, 1416),
        (12, 36, 12, 2, 921.6, 1, 2, 6, 256),
        (12, 6, 0, 2, 921.6, 1, 0, 11, 2728),
        (12, 36, 0, 2, 921.6, 4, 0, 6, 4608),
        (12, 6, 0, 2, 921.6, 4, 0, 11, 11016),
        (12, 36, 12, 2, 921.6, 4, 0, 11, 7552),
        (12, 6, 0, 4, 921.6, 1, 0, 11, 5504),
        (12, 36, 12, 4, 921.6, 1, 0, 11, 3824),
        (12, 6, 0, 4, 921.6, 4, 0, 6, 11784),
        (12, 6, 0, 4, 921.6, 4, 0, 11, 22032),
        (12, 36, 12, 4, 921.6, 4, 0, 11, 15112),
        (12, 6, 0, 6, 921.6, 1, 0, 6, 4480),
        (12, 6, 0, 6, 921.6, 1, 0, 11, 8192),
        (12, 36, 0, 6, 102.4, 4, 0, 11, 2856),
        (12, 6, 0, 6, 921.6, 4, 0, 11, 32776),
        (12, 6, 12, 6, 921.6, 4, 0, 11, 29704),
        (12, 36, 0, 6, 921.6, 4, 0, 11, 25608),
        (12, 36, 12, 6, 921.6, 4, 0, 11, 23040),
        (12, 6, 0, 8, 102.4, 4, 0, 6, 2664),
        (12, 6, 12, 8, 921.6, 4, 0, 6, 21504),
        (12, 6, 0, 8, 921.6, 4, 0, 11, 44040),
        (12, 6, 12, 8, 921.6, 4, 0, 11, 39936),
        (12, 36, 0, 8, 921.6, 4, 0, 11, 33816),
        (12, 36, 12, 8, 921.6, 4, 2, 11, 7552),
        (12, 36, 0, 8, 102.4, 4, 0, 11, 3824),
    ]

    func testPublishedNrTBSVectors() {
        for c in nrTBSVectors {
            let scaling = [1.0, 0.5, 0.25][c.sf]
            let got = TransportBlockSize.detail(modulationOrder: c.qm, targetCodeRateX1024: c.r, prbs: c.prb,
                                                symbols: c.sym, dmrsREsPerPRB: c.dmrs, overheadREsPerPRB: c.oh,
                                                layers: c.v, scaling: scaling).bits
            XCTAssertEqual(got, c.tbs, "vector \(c)")
        }
    }

    /// The largest NR transport block: 4 layers, 273 PRBs, 156 REs/PRB, 256QAM R=948/1024
    /// gives 1,277,992 bits (the figure quoted for the TS 38.306 maximum TBS per layer set).
    func testMaximumTransportBlock() {
        XCTAssertEqual(TransportBlockSize.bits(mcs: 27, table: .qam256, prbs: 273, symbols: 14,
                                               dmrsREsPerPRB: 12, layers: 4), 1_277_992)
    }

    /// Hand-worked through TS 38.214 5.1.3.2: MCS 27 table 2, 273 PRBs, 12 symbols, 12 DMRS REs:
    /// N_RE = 132*273 = 36036; N_info = 36036*948/1024*8 = 266891.625; n = 13;
    /// N'_info = 8192*round(32.577) = 270336; C = ceil(270360/8424) = 33;
    /// TBS = 264*ceil(270360/264) - 24 = 270576.
    func testHandWorkedLargeBranch() throws {
        let d = try XCTUnwrap(TransportBlockSize.detail(mcs: 27, table: .qam256, prbs: 273, symbols: 12))
        XCTAssertEqual(d.totalREs, 36036)
        XCTAssertEqual(d.nInfo, 266_891.625)
        XCTAssertEqual(d.nInfoQuantized, 270_336)
        XCTAssertEqual(d.codeBlocks, 33)
        XCTAssertEqual(d.bits, 270_576)
    }

    /// Hand-worked small branch: MCS 0 table 1, 1 PRB, 12 symbols: N_info = 132*120/1024*2
    /// = 30.94 -> N'_info = 24 -> TBS 24. MCS 9, 10 PRBs: N_info = 1320*679/1024*2 = 1750.5,
    /// n = 4, N'_info = 1744 -> next table value 1800.
    func testHandWorkedSmallBranch() {
        XCTAssertEqual(TransportBlockSize.bits(mcs: 0, table: .qam64, prbs: 1), 24)
        XCTAssertEqual(TransportBlockSize.detail(mcs: 9, table: .qam64, prbs: 10)?.nInfoQuantized, 1744)
        XCTAssertEqual(TransportBlockSize.bits(mcs: 9, table: .qam64, prbs: 10), 1800)
    }

    /// Low-rate branch (R <= 1/4, LDPC base graph 2 segmentation at 3816): MCS 0 table 1,
    /// 273 PRBs, 14 symbols, 4 layers: N_info = 42588*120/1024*2*4 = 39926.25, n = 10,
    /// N'_info = 1024*39 = 39936, C = ceil(39960/3816) = 11, TBS = 88*455 - 24 = 40016.
    func testHandWorkedLowRateBranch() {
        let d = TransportBlockSize.detail(mcs: 0, table: .qam64, prbs: 273, symbols: 14, layers: 4)
        XCTAssertEqual(d?.codeBlocks, 11)
        XCTAssertEqual(d?.bits, 40016)
    }

    func testReservedAndEmptyAllocations() {
        XCTAssertEqual(TransportBlockSize.bits(mcs: 29, table: .qam64, prbs: 10), 0)
        XCTAssertEqual(TransportBlockSize.bits(mcs: 28, table: .qam256, prbs: 10), 0)
        XCTAssertEqual(TransportBlockSize.bits(mcs: 10, table: .qam64, prbs: 0), 0)
        XCTAssertEqual(TransportBlockSize.bits(mcs: 10, table: .qam64, prbs: 10, symbols: 1), 0) // 12 - 12 DMRS REs
    }

    /// Sweep of every MCS of both tables, layers 1...4, symbols 1...14, PRBs 1...275 (12 DMRS
    /// REs), hashed (FNV-1a over the little-endian 32-bit TBS values) and summed; the
    /// reference digest comes from an exact rational-arithmetic implementation of the same
    /// clause, so any rounding slip anywhere in the 447,200 cases shows up.
    func testExhaustiveSweepMatchesExactRationalReference() {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        var total = 0
        for table in [MCSTable.qam64, .qam256] {
            for mcs in 0...table.maxMCS {
                for layers in 1...4 {
                    for symbols in 1...14 {
                        var previous = 0
                        for prbs in 1...275 {
                            let bits = TransportBlockSize.bits(mcs: mcs, table: table, prbs: prbs, symbols: symbols, layers: layers)
                            XCTAssert(bits >= previous && bits % 8 == 0)
                            previous = bits
                            total += bits
                            var value = UInt32(bits).littleEndian
                            for _ in 0..<4 {
                                hash ^= UInt64(value & 0xFF)
                                hash = hash &* 0x0000_0100_0000_01B3
                                value >>= 8
                            }
                        }
                    }
                }
            }
        }
        XCTAssertEqual(total, 70_979_216_192)
        XCTAssertEqual(hash, 0xdf0a_f71b_39a7_372f)
    }
}
