import XCTest
@testable import Interfaces

final class AirFrameTests: XCTestCase {
    func testRoundTripEveryRecordKind() throws {
        let f = Samples.airFrame
        var r = ByteReader(encoded { f.encode(into: &$0) })
        XCTAssertEqual(try AirFrame.decode(from: &r), f)
        XCTAssertEqual(r.remaining, 0)
    }

    func testEmptyFrame() throws {
        let b = encoded { AirFrame().encode(into: &$0) }
        XCTAssertEqual(b, [0, 0, 0, 0])
        var r = ByteReader(b)
        XCTAssertTrue(try AirFrame.decode(from: &r).isEmpty)
    }

    /// Record framing `[kind u8][reserved u8][length u32][body]` and two bodies byte for byte.
    func testRecordLayout() {
        var f = AirFrame()
        f.measurements = [ChannelMeasurement(ueId: 0x0102_0304, cell: 5, sinrCentiDb: -2)]
        f.uplinkGrants = [UplinkGrant(ueId: 9, cell: 1, harqProcess: 3, retransmission: true, mcs: 20, startPRB: 0x0102,
                                      numPRBs: 0x0304, tbsBytes: 0x0506_0708)]
        XCTAssertEqual(encoded { f.encode(into: &$0) }, [
            0, 0, 0, 2,                                   // record count
            2, 0, 0, 0, 0, 18,                            // uplink grant, 18 bytes
            0, 0, 0, 9, 0, 1, 3, 1, 20, 0, 1, 2, 3, 4, 5, 6, 7, 8,
            4, 0, 0, 0, 0, 8,                             // measurement, 8 bytes
            1, 2, 3, 4, 0, 5, 0xFF, 0xFE,
        ])
    }

    /// K1 rides in the TB's last header byte, K2 in the grant's, the PUSCH layers in bits 1-3 of
    /// the grant's retransmission byte, the rank indicator in bits 4-6 of the UCI's CSI byte.
    func testTimingLayersAndRankOnTheWire() throws {
        var f = AirFrame()
        var tb = Samples.airFrame.transportBlocks[0]
        tb.k1 = 7
        tb.layers = 4
        f.transportBlocks = [tb]
        f.uplinkGrants = [UplinkGrant(ueId: 9, cell: 1, harqProcess: 3, retransmission: true, mcs: 20, startPRB: 1,
                                      numPRBs: 2, tbsBytes: 3, k2: 6, layers: 2)]
        f.uplinkControl = [UplinkControl(ueId: 4, cqi: UplinkControl.csi(cqi: 13, rank: 3), bufferBytes: .max, harqAcks: [])]
        let bytes = encoded { f.encode(into: &$0) }
        XCTAssertEqual(bytes[10 + 21], 7, "K1 at TB body offset 21")
        var r = ByteReader(bytes)
        let decoded = try AirFrame.decode(from: &r)
        XCTAssertEqual(decoded, f)
        XCTAssertEqual(decoded.uplinkGrants[0].layers, 2)
        XCTAssertTrue(decoded.uplinkGrants[0].retransmission)
        XCTAssertEqual(decoded.uplinkControl[0].reportedCQI, 13)
        XCTAssertEqual(decoded.uplinkControl[0].reportedRank, 3)
        let none = UplinkControl(ueId: 4, cqi: 255, bufferBytes: 0, harqAcks: [])
        XCTAssertNil(none.reportedCQI)
        XCTAssertNil(none.reportedRank)
    }

    func testTransportBlockBodyIs26BytesPlus32PerSegment() {
        var f = AirFrame()
        f.transportBlocks = [Samples.airFrame.transportBlocks[0]]
        let b = encoded { f.encode(into: &$0) }
        XCTAssertEqual(b[4], AirFrame.RecordKind.transportBlock.rawValue)
        XCTAssertEqual(be32(b, 6), 26 + 2 * RLCSegment.encodedBytes)
        XCTAssertEqual(be32(b, 10 + 22), 2, "segment count at body offset 22")
        var u = AirFrame()
        u.uplinkControl = [Samples.airFrame.uplinkControl[0]]
        XCTAssertEqual(be32(encoded { u.encode(into: &$0) }, 6), 10 + 2 * 2)
    }

    /// Unknown record kinds are skipped by their length (forward compatibility), and known
    /// records with extra trailing bytes (a newer version's fields) still decode.
    func testUnknownKindsAndLongerBodiesAreSkipped() throws {
        var w = ByteWriter()
        w.u32(3)
        w.u8(99); w.u8(0); w.u32(5); w.append(contentsOf: [1, 2, 3, 4, 5])
        w.u8(4); w.u8(0); w.u32(8 + 3); w.u32(7); w.u16(1); w.i16(300); w.append(contentsOf: [9, 9, 9])
        w.u8(0); w.u8(0); w.u32(0)
        var r = ByteReader(w.bytes)
        let f = try AirFrame.decode(from: &r)
        XCTAssertEqual(f.measurements, [ChannelMeasurement(ueId: 7, cell: 1, sinrCentiDb: 300)])
        XCTAssertEqual(r.remaining, 0)
    }

    func testTruncationAtEveryPrefix() {
        assertEveryPrefixThrows(encoded { Samples.airFrame.encode(into: &$0) }) { (r: inout ByteReader) throws(WireDecodeError) in
            try AirFrame.decode(from: &r)
        }
    }

    /// Counts larger than the bytes can hold throw before any allocation is sized by them.
    func testAbsurdCounts() {
        var r = ByteReader([0xFF, 0xFF, 0xFF, 0xFF, 1, 0, 0, 0, 0, 0])
        XCTAssertThrowsError(try AirFrame.decode(from: &r)) {
            XCTAssertEqual($0 as? WireDecodeError, .invalidField(field: "air.record_count", value: "\(UInt32.max)"))
        }
        var tb = AirFrame()
        tb.transportBlocks = [Samples.airFrame.transportBlocks[0]]
        var b = encoded { tb.encode(into: &$0) }
        b[10 + 22] = 0x7F; b[10 + 23] = 0xFF; b[10 + 24] = 0xFF; b[10 + 25] = 0xFF   // segment count
        var r2 = ByteReader(b)
        XCTAssertThrowsError(try AirFrame.decode(from: &r2)) {
            XCTAssertEqual($0 as? WireDecodeError, .invalidField(field: "tb.segment_count", value: "\(0x7FFF_FFFF)"))
        }
        // A record length past the end of the buffer.
        var g = encoded { Samples.airFrame.encode(into: &$0) }
        g[6] = 0x7F
        var r3 = ByteReader(g)
        XCTAssertThrowsError(try AirFrame.decode(from: &r3)) {
            guard case .truncated(field: "air.record", _, _)? = $0 as? WireDecodeError else { return XCTFail("\($0)") }
        }
        // HARQ-ACK count larger than the record body.
        var u = AirFrame()
        u.uplinkControl = [UplinkControl(ueId: 1, harqAcks: [.init(harqProcess: 1, ack: true)])]
        var ub = encoded { u.encode(into: &$0) }
        ub[10 + 5] = 255
        var r4 = ByteReader(ub)
        XCTAssertThrowsError(try AirFrame.decode(from: &r4))
    }

    func testMoreThan255AcksAreCapped() throws {
        var f = AirFrame()
        f.uplinkControl = [UplinkControl(ueId: 1, harqAcks: (0..<300).map { .init(harqProcess: UInt8($0 % 16), ack: true) })]
        var r = ByteReader(encoded { f.encode(into: &$0) })
        XCTAssertEqual(try AirFrame.decode(from: &r).uplinkControl[0].harqAcks.count, 255)
    }

    func testRemoveAllEmpties() {
        var f = Samples.airFrame
        XCTAssertFalse(f.isEmpty)
        f.removeAll()
        XCTAssertTrue(f.isEmpty)
    }

    func testSegmentIsLast() {
        XCTAssertTrue(RLCSegment(sequence: 0, sduBytes: 100, offset: 40, length: 60, createdNs: 0).isLast)
        XCTAssertFalse(RLCSegment(sequence: 0, sduBytes: 100, offset: 0, length: 60, createdNs: 0).isLast)
    }

    func testFuzzNeverTraps() {
        let seed: UInt64 = 0xA1F0
        var rng = SeededBytes(seed: seed)
        let good = encoded { Samples.airFrame.encode(into: &$0) }
        for i in 0..<10_000 {
            var b = good
            if i.isMultiple(of: 2) {
                for _ in 0..<Int.random(in: 1...6, using: &rng) { b[Int.random(in: 0..<b.count, using: &rng)] = UInt8.random(in: 0...255, using: &rng) }
            } else {
                b = rng.bytes(Int.random(in: 0...200, using: &rng))
            }
            var r = ByteReader(b)
            do { _ = try AirFrame.decode(from: &r) } catch { XCTAssertFalse(error.description.isEmpty, "seed \(seed) iteration \(i)") }
        }
    }
}
