import XCTest
@testable import Interfaces

final class GTPUTests: XCTestCase {
    func testUserPacketRoundTrip() throws {
        let bytes = encoded { Samples.packet.encodeHeaders(into: &$0) }
        XCTAssertEqual(bytes.count, UserPacket.headerBytes)
        var r = ByteReader(bytes)
        XCTAssertEqual(try UserPacket.decodeHeaders(from: &r), Samples.packet)
    }

    func testUserPacketSizeIsClampedToTheHeaders() {
        let p = UserPacket(ueId: 1, sequence: 0, createdNs: 0, sizeBytes: 10, sourceIP: 1, destinationIP: 2)
        XCTAssertEqual(p.sizeBytes, UserPacket.minimumSizeBytes)
    }

    /// A size larger than GTP-U over IPv4 can carry is clamped, so encode and decode agree.
    func testOversizedPacketRoundTrips() throws {
        let p = UserPacket(ueId: 1, sequence: 0, createdNs: 0, sizeBytes: 70_000, sourceIP: 1, destinationIP: 2)
        XCTAssertEqual(p.sizeBytes, UserPacket.maximumSizeBytes)
        for pdcp: UInt16? in [nil, 1] {
            let g = GTPUPacket(teid: 1, pdcpNumber: pdcp, packet: p)
            var r = ByteReader(encoded { g.encode(into: &$0) })
            XCTAssertEqual(try GTPUPacket.decode(from: &r), g)
        }
    }

    /// IPv4 header (RFC 791): fields, and a checksum that makes the one's-complement sum 0xFFFF (RFC 1071).
    func testInnerIPv4HeaderAndChecksum() {
        let b = encoded { Samples.packet.encodeHeaders(into: &$0) }
        XCTAssertEqual(b[0], 0x45)
        XCTAssertEqual(be16(b, 2), 1200, "total length declares the full packet")
        XCTAssertEqual(be16(b, 4), 0x0203, "identification = low 16 bits of the sequence")
        XCTAssertEqual(be16(b, 6), 0x4000, "DF")
        XCTAssertEqual(b[8], 64); XCTAssertEqual(b[9], 17)
        XCTAssertEqual(be32(b, 12), 0x0A2E_0001); XCTAssertEqual(be32(b, 16), 0x0A2D_0009)
        XCTAssertEqual(onesComplementSum(b[0..<20]), 0xFFFF)
        // Recompute independently: zero the field, sum, complement.
        var h = Array(b[0..<20]); h[10] = 0; h[11] = 0
        XCTAssertEqual(be16(b, 10), Int(~onesComplementSum(h[...])))
        // UDP: ports, length = IP total - 20, checksum 0 (allowed over IPv4).
        XCTAssertEqual(be16(b, 20), 5001); XCTAssertEqual(be16(b, 22), 5001)
        XCTAssertEqual(be16(b, 24), 1180); XCTAssertEqual(be16(b, 26), 0)
        // Application header: UE id, sequence, creation time (emulated), creation time (wall, 0 in virtual time).
        XCTAssertEqual(be32(b, 28), 7); XCTAssertEqual(be32(b, 32), 0x1_0203)
        XCTAssertEqual(Array(b[36..<44]), [0, 0, 0, 0, 0x07, 0x5B, 0xCD, 0x15])
        XCTAssertEqual(Array(b[44..<52]), [0, 0, 0, 0, 0, 0, 0, 0])
    }

    func testChecksumOverManyHeaders() {
        var rng = SeededBytes(seed: 0x1C)
        for _ in 0..<500 {
            let p = UserPacket(ueId: .random(in: 0...UInt32.max, using: &rng), sequence: .random(in: 0...UInt32.max, using: &rng),
                               createdNs: 0, sizeBytes: .random(in: 52...9000, using: &rng),
                               sourceIP: .random(in: 0...UInt32.max, using: &rng), destinationIP: .random(in: 0...UInt32.max, using: &rng))
            let b = encoded { p.encodeHeaders(into: &$0) }
            XCTAssertEqual(onesComplementSum(b[0..<20]), 0xFFFF)
        }
    }

    /// TS 29.281 5.1: without optional fields the header is 8 bytes and Length counts everything after them.
    func testGPDUWithoutExtension() throws {
        let g = GTPUPacket(teid: 0x1000_0007, packet: Samples.packet)
        let b = encoded { g.encode(into: &$0) }
        XCTAssertEqual(b.count, g.encodedCount)
        XCTAssertEqual(b.count, 8 + 52)
        XCTAssertEqual(b[0], 0x30, "version 1, PT 1, E S PN 0")
        XCTAssertEqual(b[1], 0xFF)
        XCTAssertEqual(be16(b, 2), 1200, "length = bytes after the first 8 = the inner packet")
        XCTAssertEqual(be32(b, 4), 0x1000_0007)
        XCTAssertEqual(g.declaredCount, 8 + 1200)
        var r = ByteReader(b)
        XCTAssertEqual(try GTPUPacket.decode(from: &r), g)
    }

    /// TS 29.281 5.1/5.2: E flag, sequence + N-PDU + next type (4 bytes), then the PDCP PDU number
    /// extension (5.2.2.2): length 1 (x4 bytes), 2 bytes of PDCP number, next type 0.
    func testGPDUWithPDCPNumberExtension() throws {
        let g = GTPUPacket(teid: 0x4000_0003, pdcpNumber: 0xBEEF, packet: Samples.packet)
        let b = encoded { g.encode(into: &$0) }
        XCTAssertEqual(b.count, g.encodedCount)
        XCTAssertEqual(b.count, 16 + 52)
        XCTAssertEqual(b[0], 0x34)
        XCTAssertEqual(be16(b, 2), 8 + 1200, "optional fields + extension + inner packet")
        XCTAssertEqual(Array(b[8..<16]), [0, 0, 0, 0xC0, 0x01, 0xBE, 0xEF, 0x00])
        XCTAssertEqual(b[16], 0x45, "inner IPv4 follows")
        XCTAssertEqual(g.declaredCount, 16 + 1200)
        var r = ByteReader(b)
        XCTAssertEqual(try GTPUPacket.decode(from: &r), g)
    }

    /// A longer, unknown extension before the PDCP one is skipped by its length.
    func testDecodeSkipsOtherExtensions() throws {
        var b = encoded { w in
            w.u8(0x34); w.u8(0xFF); w.u16(UInt16(4 + 8 + 4 + 1200)); w.u32(9)
            w.u16(0); w.u8(0); w.u8(0x85)                         // next: an extension of 2 units (8 bytes)
            w.u8(2); w.append(contentsOf: [1, 2, 3, 4, 5, 6]); w.u8(0xC0)
            w.u8(1); w.u16(77); w.u8(0)
        }
        b += encoded { Samples.packet.encodeHeaders(into: &$0) }
        var r = ByteReader(b)
        let g = try GTPUPacket.decode(from: &r)
        XCTAssertEqual(g.pdcpNumber, 77)
        XCTAssertEqual(g.teid, 9)
    }

    func testTruncationAtEveryPrefix() {
        for pdcp: UInt16? in [nil, 3] {
            let g = GTPUPacket(teid: 1, pdcpNumber: pdcp, packet: Samples.packet)
            assertEveryPrefixThrows(encoded { g.encode(into: &$0) }) { (r: inout ByteReader) throws(WireDecodeError) in
                try GTPUPacket.decode(from: &r)
            }
        }
    }

    func testMalformedFields() {
        let good = encoded { GTPUPacket(teid: 1, pdcpNumber: 2, packet: Samples.packet).encode(into: &$0) }
        func decode(_ mutate: (inout [UInt8]) -> Void) -> WireDecodeError? {
            var b = good
            mutate(&b)
            var r = ByteReader(b)
            do { _ = try GTPUPacket.decode(from: &r); return nil } catch { return error }
        }
        XCTAssertEqual(decode { $0[0] = 0x54 }, .invalidField(field: "gtpu.flags", value: "84"), "version 2")
        XCTAssertEqual(decode { $0[0] = 0x24 }, .invalidField(field: "gtpu.flags", value: "36"), "PT 0 (GTP')")
        XCTAssertEqual(decode { $0[1] = 1 }, .invalidField(field: "gtpu.type", value: "1"), "echo request")
        XCTAssertEqual(decode { $0[12] = 0 }, .invalidField(field: "gtpu.extension_length", value: "0"))
        XCTAssertEqual(decode { $0[16] = 0x46 }, .invalidField(field: "ipv4.version_ihl", value: "70"))
        XCTAssertEqual(decode { $0[16 + 9] = 6 }, .invalidField(field: "ipv4.protocol", value: "6"))
        XCTAssertEqual(decode { $0[16 + 2] = 0; $0[16 + 3] = 20 }, .invalidField(field: "ipv4.total_length", value: "20"))
        XCTAssertEqual(decode { $0[3] &+= 1 }, .invalidField(field: "gtpu.length", value: "1209 vs inner 1200"))
        // An extension length pointing far past the end is a truncation, never a read out of bounds.
        if case .truncated? = decode({ $0[12] = 0xFF }) {} else { XCTFail("expected truncated") }
    }

    func testFuzzDecodersNeverTrap() {
        let seed: UInt64 = 0x6770
        var rng = SeededBytes(seed: seed)
        let good = encoded { GTPUPacket(teid: 1, pdcpNumber: 2, packet: Samples.packet).encode(into: &$0) }
        for i in 0..<10_000 {
            var b = good
            // Flip a few random bytes of a valid packet, or use pure noise.
            if i.isMultiple(of: 2) {
                for _ in 0..<Int.random(in: 1...4, using: &rng) { b[Int.random(in: 0..<b.count, using: &rng)] = UInt8.random(in: 0...255, using: &rng) }
            } else {
                b = rng.bytes(Int.random(in: 0...80, using: &rng))
            }
            var r = ByteReader(b)
            do { _ = try GTPUPacket.decode(from: &r) } catch { XCTAssertFalse(error.description.isEmpty, "seed \(seed) iteration \(i)") }
            var r2 = ByteReader(b)
            do { _ = try UserPacket.decodeHeaders(from: &r2) } catch { XCTAssertFalse(error.description.isEmpty) }
        }
    }
}
