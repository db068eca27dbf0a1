import XCTest
@testable import Interfaces

final class WireHeaderTests: XCTestCase {
    private let known = WireHeader(interface: .f1User, messageType: 0xFF, flags: WireHeader.flagSyntheticPayload,
                                   sourceNode: 0x0102, destinationNode: 0x0304, slot: 0x0102_0304_0506_0708,
                                   sequence: 0xA1B2_C3D4, payloadLength: 3)

    func testKnownHeaderBytes() {
        let bytes = encoded { known.encode(into: &$0) }
        let expected: [UInt8] = [
            0x42, 0x35,                                     // magic "B5"
            0x01,                                           // version
            0x04,                                           // interface F1-U
            0xFF,                                           // message type (G-PDU)
            0x01,                                           // flags: synthetic payload
            0x01, 0x02,                                     // source node
            0x03, 0x04,                                     // destination node
            0x00, 0x00,                                     // reserved
            0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08, // slot
            0xA1, 0xB2, 0xC3, 0xD4,                         // sequence
            0x00, 0x00, 0x00, 0x03,                         // payload length
        ]
        XCTAssertEqual(bytes, expected)
        XCTAssertEqual(bytes.count, WireHeader.size)
    }

    func testRoundTripEveryInterface() throws {
        for interface in InterfaceID.allCases {
            let h = WireHeader(interface: interface, messageType: 7, flags: 0x80, sourceNode: 65_535, destinationNode: 0,
                               slot: .max, sequence: .max, payloadLength: 2)
            var r = ByteReader(encoded { h.encode(into: &$0); $0.u16(0xBEEF) })
            XCTAssertEqual(try WireHeader.decode(from: &r), h)
            XCTAssertEqual(r.remaining, 2)
        }
    }

    func testInterfaceIdsAreStable() {
        XCTAssertEqual(InterfaceID.allCases.map(\.rawValue), Array(1...11))
        XCTAssertEqual(InterfaceID.allCases.map(\.description),
                       ["NG-C", "NG-U", "F1-C", "F1-U", "FH-M", "FH-C", "FH-U", "AIR", "SYNC", "REPORT", "E2"])
    }

    func testAppendUnitPatchesPayloadLength() throws {
        var w = ByteWriter()
        appendUnit(to: &w, interface: .air, messageType: 16, source: 1, destination: 2, slot: 9, sequence: 4) {
            $0.append(contentsOf: [1, 2, 3, 4, 5])
        }
        XCTAssertEqual(be32(w.bytes, 24), 5)
        XCTAssertEqual(w.count, WireHeader.size + 5)
    }

    func testSeveralUnitsInOneBuffer() {
        var w = ByteWriter()
        for i in 0..<5 {
            appendUnit(to: &w, interface: i.isMultiple(of: 2) ? .air : .sync, messageType: 1, source: 3, destination: 4,
                       slot: UInt64(100 + i), sequence: UInt32(i)) { $0.append(contentsOf: Array(repeating: UInt8(i), count: i * 3)) }
        }
        let (units, error) = decodeUnits(w.bytes)
        XCTAssertNil(error)
        XCTAssertEqual(units.map(\.header.sequence), [0, 1, 2, 3, 4])
        XCTAssertEqual(units.map(\.header.slot), [100, 101, 102, 103, 104])
        XCTAssertEqual(units.map { Array($0.payload) }, (0..<5).map { Array(repeating: UInt8($0), count: $0 * 3) })
        XCTAssertEqual(units[1].header.interface, .sync)
    }

    func testEmptyBufferHasNoUnits() {
        let (units, error) = decodeUnits([])
        XCTAssertTrue(units.isEmpty)
        XCTAssertNil(error)
    }

    /// Drip-feed: every prefix of a three-unit buffer yields exactly the complete units before the cut.
    func testTruncationAtEveryPrefixKeepsGoodUnits() {
        var w = ByteWriter()
        var ends: [Int] = []
        for i in 0..<3 {
            appendUnit(to: &w, interface: .ngControl, messageType: 4, source: 1, destination: 2, slot: 5, sequence: UInt32(i)) {
                $0.append(contentsOf: Array("{\"n\":\(i)}".utf8))
            }
            ends.append(w.count)
        }
        let all = w.bytes
        for n in 0...all.count {
            let (units, error) = decodeUnits(Array(all[0..<n]))
            let complete = ends.filter { $0 <= n }.count
            XCTAssertEqual(units.count, complete, "prefix \(n)")
            XCTAssertEqual(units.map(\.header.sequence), (0..<UInt32(complete)).map { $0 }, "prefix \(n)")
            if ends.contains(n) || n == 0 {
                XCTAssertNil(error, "prefix \(n) ends on a unit boundary")
            } else {
                XCTAssertNotNil(error, "prefix \(n) cuts a unit")
            }
        }
    }

    func testCutPayloadIsLengthMismatch() {
        var bytes = encoded { known.encode(into: &$0) }
        bytes += [1, 2]
        var r = ByteReader(bytes)
        XCTAssertThrowsError(try WireHeader.decode(from: &r)) {
            XCTAssertEqual($0 as? WireDecodeError, .lengthMismatch(declared: 3, available: 2))
        }
    }

    func testBadMagic() {
        var bytes = encoded { known.encode(into: &$0); $0.zeros(3) }
        bytes[0] = 0x47; bytes[1] = 0x45
        let (units, error) = decodeUnits(bytes)
        XCTAssertTrue(units.isEmpty)
        XCTAssertEqual(error, .badMagic(0x4745))
    }

    func testBadVersion() {
        for version: UInt8 in [0, 2, 255] {
            var bytes = encoded { known.encode(into: &$0); $0.zeros(3) }
            bytes[2] = version
            XCTAssertEqual(decodeUnits(bytes).error, .unsupportedVersion(version))
        }
    }

    func testUnknownInterface() {
        for raw: UInt8 in [0, 12, 200, 255] {
            var bytes = encoded { known.encode(into: &$0); $0.zeros(3) }
            bytes[3] = raw
            XCTAssertEqual(decodeUnits(bytes).error, .unknownInterface(raw))
        }
    }

    /// A payload length larger than the bytes present is refused before anything is sliced or allocated.
    func testAbsurdPayloadLength() {
        var bytes = encoded { known.encode(into: &$0); $0.zeros(3) }
        bytes[24] = 0xFF; bytes[25] = 0xFF; bytes[26] = 0xFF; bytes[27] = 0xFF
        XCTAssertEqual(decodeUnits(bytes).error, .lengthMismatch(declared: Int(UInt32.max), available: 3))
    }

    func testGoodUnitThenGarbageKeepsGoodUnit() {
        var w = ByteWriter()
        appendUnit(to: &w, interface: .sync, messageType: SyncMessageType.endOfWindow, source: 1, destination: 2, slot: 41,
                   sequence: 0) { _ in }
        w.append(contentsOf: [0x42, 0x35, 0x01])
        let (units, error) = decodeUnits(w.bytes)
        XCTAssertEqual(units.count, 1)
        XCTAssertEqual(units.first?.header.slot, 41)
        XCTAssertEqual(error, .truncated(field: "interface", needed: 1, available: 0))
    }

    /// 10,000 random buffers (some starting with a valid header prefix): never a trap, errors typed,
    /// and every unit returned lies inside the buffer.
    func testRandomBytesFuzz() {
        let seed: UInt64 = 0xB5_0001
        var rng = SeededBytes(seed: seed)
        let validPrefix = encoded { known.encode(into: &$0) }
        for i in 0..<10_000 {
            var bytes = rng.bytes(Int.random(in: 0...96, using: &rng))
            if i % 3 == 0 { bytes = Array(validPrefix.prefix(Int.random(in: 0...28, using: &rng))) + bytes }
            let (units, error) = decodeUnits(bytes)
            var consumed = 0
            for u in units {
                consumed += WireHeader.size + u.payload.count
                XCTAssertLessThanOrEqual(u.payload.endIndex, bytes.count, "seed \(seed) iteration \(i)")
            }
            if error == nil { XCTAssertEqual(consumed, bytes.count, "seed \(seed) iteration \(i)") }
        }
    }
}
