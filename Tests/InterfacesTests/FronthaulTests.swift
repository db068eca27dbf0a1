import XCTest
@testable import Interfaces

final class FronthaulTests: XCTestCase {
    // MARK: Frame timing (TS 38.211 4.3: 10 subframes per frame, 2^mu slots per subframe)

    func testFrameTimingKnownSlots() {
        let cases: [(mu: Int, slot: UInt64, frame: UInt8, subframe: UInt8, slotId: UInt8)] = [
            (0, 0, 0, 0, 0), (0, 9, 0, 9, 0), (0, 10, 1, 0, 0), (0, 2_565, 0, 5, 0),       // frameId wraps at 256
            (1, 21, 1, 0, 1), (1, 39, 1, 9, 1), (1, 12_345, 105, 2, 1),
            (2, 43, 1, 0, 3), (2, 79, 1, 9, 3),
            (3, 24_077, 44, 9, 5), (3, 7, 0, 0, 7),
        ]
        for c in cases {
            XCTAssertEqual(FrameTiming(slot: c.slot, numerology: c.mu),
                           FrameTiming(frameId: c.frame, subframeId: c.subframe, slotId: c.slotId), "mu \(c.mu) slot \(c.slot)")
        }
    }

    func testFrameTimingCoversEverySlotOnce() {
        for mu in 0...3 {
            let perSubframe = 1 << mu, perFrame = 10 * perSubframe
            var seen = Set<Int>()
            for slot in 0..<UInt64(256 * perFrame) {
                let t = FrameTiming(slot: slot, numerology: mu)
                XCTAssertLessThan(Int(t.subframeId), 10)
                XCTAssertLessThan(Int(t.slotId), perSubframe)
                seen.insert(Int(t.frameId) * perFrame + Int(t.subframeId) * perSubframe + Int(t.slotId))
            }
            XCTAssertEqual(seen.count, 256 * perFrame, "mu \(mu)")
            XCTAssertEqual(FrameTiming(slot: UInt64(256 * perFrame), numerology: mu), FrameTiming(frameId: 0, subframeId: 0, slotId: 0))
        }
    }

    // MARK: C-plane, section type 1

    func testSectionsSplitAbove255PRBs() {
        func sizes(_ n: Int) -> [UInt8] { ControlPlaneMessage.sections(sectionId: 1, startPRB: 0, numPRBs: n, numSymbols: 14).map(\.numPRBs) }
        XCTAssertEqual(sizes(0), [])
        XCTAssertEqual(sizes(1), [1])
        XCTAssertEqual(sizes(255), [255])
        XCTAssertEqual(sizes(256), [255, 1])
        XCTAssertEqual(sizes(273), [255, 18])
        XCTAssertEqual(sizes(600), [255, 255, 90])
        let s = ControlPlaneMessage.sections(sectionId: 0x1ABC, startPRB: 10, numPRBs: 273, numSymbols: 12)
        XCTAssertEqual(s.map(\.startPRB), [10, 265])
        XCTAssertEqual(s.map(\.sectionId), [0xABC, 0xABC], "sectionId is 12 bits")
        XCTAssertEqual(s.map(\.numSymbols), [12, 12])
    }

    /// O-RAN WG4 CUS 7.4 (section type 1) and eCPRI 3.1.3.1, byte for byte.
    func testControlPlaneBytes() {
        let b = encoded { Samples.controlPlane.encode(into: &$0) }
        XCTAssertEqual(b, [
            0x10, 0x02, 0x00, 0x1C, 0x01, 0x02, 0x09, 0x80,   // eCPRI: rev 1, type 2, size 28, RTC id, seq, E
            0x90, 0xC8, 0x90, 0xC2,                           // DL, payloadVersion 1; frame 200; sf 9 slot 3 sym 2
            0x02, 0x01, 0x00, 0x00,                           // 2 sections, type 1, udCompHdr 0, reserved
            0x01, 0x10, 0x00, 0xFF, 0xFF, 0xFC, 0x00, 0x00,   // section 17, PRB 0, 255 PRBs, all REs, 12 symbols, beam 0
            0x01, 0x10, 0xFF, 0x12, 0xFF, 0xFC, 0x00, 0x00,   // section 17, PRB 255, 18 PRBs
        ])
        XCTAssertEqual(be16(b, 2), b.count - 4, "eCPRI payload size counts the bytes after the 4-byte common header")
    }

    func testControlPlaneRoundTrip() throws {
        var uplink = Samples.controlPlane
        uplink.downlink = false
        uplink.sections[0].beamId = 0x7FFF
        for m in [Samples.controlPlane, uplink] {
            var r = ByteReader(encoded { m.encode(into: &$0) })
            XCTAssertEqual(try ControlPlaneMessage.decode(from: &r), m)
            XCTAssertEqual(r.remaining, 0)
        }
    }

    /// numberOfSections is 8 bits: more than 255 sections are cut to 255, consistently with the eCPRI size.
    func testMoreThan255SectionsDoNotTrap() throws {
        let sections = (0..<300).map { ControlPlaneSection(sectionId: UInt16($0), startPRB: 0, numPRBs: 1, numSymbols: 1) }
        let m = ControlPlaneMessage(downlink: true, timing: FrameTiming(frameId: 0, subframeId: 0, slotId: 0), sections: sections)
        let b = encoded { m.encode(into: &$0) }
        XCTAssertEqual(b.count, 8 + 8 + 255 * 8)
        XCTAssertEqual(be16(b, 2), b.count - 4)
        var r = ByteReader(b)
        XCTAssertEqual(try ControlPlaneMessage.decode(from: &r).sections, Array(sections.prefix(255)))
    }

    func testControlPlaneTruncationAtEveryPrefix() {
        assertEveryPrefixThrows(encoded { Samples.controlPlane.encode(into: &$0) }) { (r: inout ByteReader) throws(WireDecodeError) in
            try ControlPlaneMessage.decode(from: &r)
        }
    }

    func testControlPlaneMalformed() {
        let good = encoded { Samples.controlPlane.encode(into: &$0) }
        func decode(_ mutate: (inout [UInt8]) -> Void) -> WireDecodeError? {
            var b = good
            mutate(&b)
            var r = ByteReader(b)
            do { _ = try ControlPlaneMessage.decode(from: &r); return nil } catch { return error }
        }
        XCTAssertEqual(decode { $0[0] = 0x20 }, .invalidField(field: "ecpri.revision", value: "2"))
        XCTAssertEqual(decode { $0[1] = 0 }, .invalidField(field: "ecpri.type", value: "0"))
        XCTAssertEqual(decode { $0[13] = 3 }, .invalidField(field: "oran.section_type", value: "3"))
        // 255 sections announced, 2 present: a truncation, with no allocation sized by the claim.
        if case .truncated? = decode({ $0[12] = 255 }) {} else { XCTFail("expected truncated") }
    }

    // MARK: U-plane

    func testUserPlaneHeaderBytes() {
        let m = Samples.userPlane()
        let b = encoded { m.encode(into: &$0) }
        XCTAssertEqual(Array(b[0..<UserPlaneMessage.headerBytes]), [
            0x10, 0x00, 0x13, 0xEC, 0x00, 0x03, 0xFA, 0x80,   // eCPRI: IQ data, size 12 + 106 x 48 = 5100
            0x90, 0x69, 0x20, 0x40,                           // DL; frame 105; subframe 2, slot 1, symbol 0
            0x00, 0x00, 0x00, 0x6A,                           // section 0, startPrbu 0, numPrbu 106
        ])
        XCTAssertEqual(m.declaredIQBytes, 106 * 12 * 4)
        XCTAssertEqual(be16(b, 2), 4 + 4 + 4 + m.declaredIQBytes)
        var r = ByteReader(Array(b[UserPlaneMessage.headerBytes...]))
        XCTAssertEqual(try AirFrame.decode(from: &r), Samples.airFrame, "the IQ field carries the air frame")
    }

    func testUserPlaneRoundTrip() throws {
        for m in [Samples.userPlane(), Samples.userPlane(downlink: false, numPRBs: 52)] {
            var r = ByteReader(encoded { m.encode(into: &$0) })
            XCTAssertEqual(try UserPlaneMessage.decode(from: &r, carrierPRBs: 273), m)
        }
        // Above 255 PRBs numPrbu is 0 ("all PRBs"): the receiver supplies the carrier's width.
        let wide = Samples.userPlane(numPRBs: 273)
        let b = encoded { wide.encode(into: &$0) }
        XCTAssertEqual(b[15], 0)
        var r = ByteReader(b)
        XCTAssertEqual(try UserPlaneMessage.decode(from: &r, carrierPRBs: 273), wide)
    }

    func testUserPlaneTruncationAtEveryPrefix() {
        assertEveryPrefixThrows(encoded { Samples.userPlane().encode(into: &$0) }) { (r: inout ByteReader) throws(WireDecodeError) in
            try UserPlaneMessage.decode(from: &r, carrierPRBs: 106)
        }
    }

    func testUserPlaneRejectsControlPlane() {
        var r = ByteReader(encoded { Samples.controlPlane.encode(into: &$0) })
        XCTAssertThrowsError(try UserPlaneMessage.decodeHeaders(from: &r)) {
            XCTAssertEqual($0 as? WireDecodeError, .invalidField(field: "ecpri.type", value: "2"))
        }
    }

    func testFuzzDecodersNeverTrap() {
        let seed: UInt64 = 0xFC01
        var rng = SeededBytes(seed: seed)
        let goods = [encoded { Samples.controlPlane.encode(into: &$0) }, encoded { Samples.userPlane().encode(into: &$0) }]
        for i in 0..<10_000 {
            var b = goods[i % 2]
            if i % 4 < 2 {
                for _ in 0..<Int.random(in: 1...6, using: &rng) { b[Int.random(in: 0..<b.count, using: &rng)] = UInt8.random(in: 0...255, using: &rng) }
            } else {
                b = rng.bytes(Int.random(in: 0...120, using: &rng))
            }
            var r1 = ByteReader(b)
            do { _ = try ControlPlaneMessage.decode(from: &r1) } catch { XCTAssertFalse(error.description.isEmpty, "seed \(seed) iteration \(i)") }
            var r2 = ByteReader(b)
            do { _ = try UserPlaneMessage.decode(from: &r2, carrierPRBs: 273) } catch { XCTAssertFalse(error.description.isEmpty, "seed \(seed) iteration \(i)") }
        }
    }
}
