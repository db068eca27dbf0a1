import Scenario
import XCTest
@testable import Nodes

final class TrafficSourceTests: XCTestCase {
    func testConstantBitRateCreatesExactCount() {
        // 1.2 Mbps of 1500-byte packets = 100 packets/s = one every 10 ms.
        var s = TrafficSource(config: TrafficConfig(kind: .cbr, rateMbps: 1.2, packetBytes: 1500), rateBps: 1.2e6,
                              startNs: 0, seed: 1, stream: 1)
        var times: [UInt64] = []
        s.generate(from: 0, to: 1_000_000_000) { _, t in times.append(t) }
        XCTAssertEqual(times.count, 100)
        XCTAssertEqual(times[1] - times[0], 10_000_000)
    }

    /// The check that lets a node skip a flow in a slot says exactly whether the slot would
    /// create a packet, for every kind of flow, slot by slot.
    func testCreatesPacketSaysWhetherTheSlotCreatesOne() {
        let configs = [TrafficConfig(kind: .cbr, rateMbps: 1.5, packetBytes: 1400),
                       TrafficConfig(kind: .poisson, rateMbps: 0.2, packetBytes: 300),
                       TrafficConfig(kind: .cbr, rateMbps: 3, packetBytes: 1500, profile: .diurnal, dayLengthMs: 500),
                       TrafficConfig(kind: .none)]
        for config in configs {
            var source = TrafficSource(config: config, rateBps: config.rateMbps * 1e6, startNs: 3_000_000, seed: 9, stream: 2)
            var slotsWithPackets = 0
            for slot in UInt64(0)..<4_000 {
                let (start, end) = (slot * 500_000, (slot + 1) * 500_000)
                let expected = source.createsPacket(before: end)
                var created = 0
                source.generate(from: start, to: end) { _, _ in created += 1 }
                XCTAssertEqual(expected, created > 0, "\(config.kind) slot \(slot)")
                if created > 0 { slotsWithPackets += 1 }
            }
            XCTAssertEqual(slotsWithPackets > 0, config.kind != .none, "\(config.kind)")
        }
    }

    func testDiurnalRateFollowsTheCompressedDay() {
        // A 24 s day: 04:00 at 4 s (trough, 10 % of the peak), 16:00 at 16 s (the peak).
        let config = TrafficConfig(kind: .cbr, rateMbps: 1.2, packetBytes: 1500, profile: .diurnal, dayLengthMs: 24_000)
        let s = TrafficSource(config: config, rateBps: 1.2e6, startNs: 0, seed: 1, stream: 1)
        XCTAssertEqual(s.rateFactor(at: 4e9), 0.1, accuracy: 1e-9)
        XCTAssertEqual(s.rateFactor(at: 16e9), 1, accuracy: 1e-9)
        XCTAssertEqual(s.rateFactor(at: 10e9), 0.55, accuracy: 1e-9)
        XCTAssertEqual(s.rateFactor(at: 28e9), 0.1, accuracy: 1e-9, "the next day repeats")
        // Packets in one second around the peak vs around the trough: 100/s vs 10/s.
        func count(_ from: UInt64) -> Int {
            var source = TrafficSource(config: config, rateBps: 1.2e6, startNs: from, seed: 1, stream: 1)
            var n = 0
            source.generate(from: from, to: from + 1_000_000_000) { _, _ in n += 1 }
            return n
        }
        XCTAssertEqual(Double(count(15_500_000_000)), 100, accuracy: 2)
        XCTAssertEqual(Double(count(3_500_000_000)), 10, accuracy: 2)
        XCTAssertEqual(TrafficSource(config: TrafficConfig(kind: .cbr), rateBps: 1e6, startNs: 0, seed: 1, stream: 1)
            .rateFactor(at: 4e9), 1, "constant profile")
    }

    func testPoissonMeanRateWithinTolerance() {
        var s = TrafficSource(config: TrafficConfig(kind: .poisson, rateMbps: 8, packetBytes: 1000), rateBps: 8e6,
                              startNs: 0, seed: 42, stream: 3)
        var n = 0
        s.generate(from: 0, to: 10_000_000_000) { _, _ in n += 1 }
        // 1000 packets/s over 10 s: 10,000 expected; 4 sigma of a Poisson count is 400.
        XCTAssertEqual(Double(n), 10_000, accuracy: 400)
    }

    func testSameSeedSameArrivalsAcrossSlots() {
        func arrivals(_ seed: UInt64) -> [UInt64] {
            var s = TrafficSource(config: TrafficConfig(kind: .poisson, rateMbps: 2, packetBytes: 500), rateBps: 2e6,
                                  startNs: 0, seed: seed, stream: 9)
            var out: [UInt64] = []
            for slot in 0..<200 { s.generate(from: UInt64(slot) * 500_000, to: UInt64(slot + 1) * 500_000) { _, t in out.append(t) } }
            return out
        }
        XCTAssertEqual(arrivals(5), arrivals(5))
        XCTAssertNotEqual(arrivals(5), arrivals(6))
    }

    func testNoneCreatesNothing() {
        var s = TrafficSource(config: TrafficConfig(kind: .none), rateBps: 1e6, startNs: 0, seed: 1, stream: 1)
        var n = 0
        s.generate(from: 0, to: 1_000_000_000) { _, _ in n += 1 }
        XCTAssertEqual(n, 0)
    }
}
