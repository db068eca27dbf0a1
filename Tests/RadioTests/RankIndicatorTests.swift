import XCTest
@testable import Radio

final class RankIndicatorTests: XCTestCase {
    func testLayerSINRSplitsPowerAndLosesToTheOtherLayers() {
        XCTAssertEqual(RankIndicator.layerSINRDb(20, layers: 1), 20)
        XCTAssertEqual(RankIndicator.layerSINRDb(20, layers: 2), 20 - 10 * log10(2.0) - 1.5, accuracy: 1e-9)
        XCTAssertEqual(RankIndicator.layerSINRDb(20, layers: 4), 20 - 10 * log10(4.0) - 4.5, accuracy: 1e-9)
    }

    /// Low SINR: one layer; high SINR: as many as the ports allow; the choice always carries
    /// at least as many bits as any other rank.
    func testRankGrowsWithSINRAndMaximisesBits() {
        let table = CQITable.table2
        XCTAssertEqual(RankIndicator.select(sinrDb: 0, maxRank: 4, table: table).rank, 1)
        XCTAssertEqual(RankIndicator.select(sinrDb: 45, maxRank: 4, table: table).rank, 4)
        XCTAssertEqual(RankIndicator.select(sinrDb: 45, maxRank: 2, table: table).rank, 2)
        var previous = 1
        for sinr in stride(from: -10.0, through: 50, by: 0.5) {
            let (rank, cqi) = RankIndicator.select(sinrDb: sinr, maxRank: 4, table: table)
            XCTAssertGreaterThanOrEqual(rank, previous, "rank never falls as SINR rises (\(sinr) dB)")
            previous = rank
            XCTAssertEqual(cqi, CQITable.cqi(sinrDb: RankIndicator.layerSINRDb(sinr, layers: rank), table: table))
            let cap = table.efficiency(cqi: 15)
            for other in 1...4 {
                XCTAssertGreaterThanOrEqual(RankIndicator.capacity(sinr, layers: rank, cap: cap) + 1e-9,
                                            RankIndicator.capacity(sinr, layers: other, cap: cap), "\(sinr) dB rank \(other)")
            }
        }
    }
}
