import XCTest
@testable import Interfaces

final class ByteWriterTests: XCTestCase {
    func testBigEndianLayout() {
        let bytes = encoded { w in
            w.u8(0x01); w.u16(0x0203); w.u24(0x04_0506); w.u32(0x0708_090A); w.u64(0x0B0C_0D0E_0F10_1112); w.i16(-2)
        }
        XCTAssertEqual(bytes, [0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08, 0x09, 0x0A,
                               0x0B, 0x0C, 0x0D, 0x0E, 0x0F, 0x10, 0x11, 0x12, 0xFF, 0xFE])
    }

    func testReaderRoundTrip() throws {
        let bytes = encoded { w in
            w.u8(0xFE); w.u16(0xFFFE); w.u24(0xFF_FFFE); w.u32(.max); w.u64(.max - 1); w.i16(.min); w.zeros(3)
        }
        var r = ByteReader(bytes)
        XCTAssertEqual(try r.u8(), 0xFE)
        XCTAssertEqual(try r.u16(), 0xFFFE)
        XCTAssertEqual(try r.u24(), 0xFF_FFFE)
        XCTAssertEqual(try r.u32(), .max)
        XCTAssertEqual(try r.u64(), .max - 1)
        XCTAssertEqual(try r.i16(), .min)
        XCTAssertEqual(Array(try r.take(3)), [0, 0, 0])
        XCTAssertEqual(r.remaining, 0)
    }

    func testPatch() {
        var w = ByteWriter()
        w.u16(0); w.u32(0)
        w.patchU16(at: 0, 0xABCD); w.patchU32(at: 2, 0x0102_0304)
        XCTAssertEqual(w.bytes, [0xAB, 0xCD, 1, 2, 3, 4])
    }

    func testReusingKeepsNothing() {
        let w = ByteWriter(reusing: [1, 2, 3])
        XCTAssertEqual(w.count, 0)
    }

    func testReadsPastEndThrowTruncated() {
        var r = ByteReader([1, 2, 3])
        XCTAssertThrowsError(try r.u32("field")) {
            XCTAssertEqual($0 as? WireDecodeError, .truncated(field: "field", needed: 4, available: 3))
        }
        XCTAssertEqual(r.offset, 0, "a failed read consumes nothing")
        XCTAssertThrowsError(try r.skip(-1))
        XCTAssertThrowsError(try r.take(Int(UInt32.max)))
        XCTAssertEqual(Array(try r.take(3)), [1, 2, 3])
        XCTAssertThrowsError(try r.u8())
    }

    func testWindowedReaderStopsAtEnd() throws {
        var r = ByteReader([1, 2, 3, 4, 5], offset: 1, end: 3)
        XCTAssertEqual(r.remaining, 2)
        XCTAssertEqual(try r.u16(), 0x0203)
        XCTAssertThrowsError(try r.u8())
        // An end past the buffer is clamped to the buffer.
        var wide = ByteReader([9], offset: 0, end: 100)
        XCTAssertEqual(wide.remaining, 1)
        XCTAssertThrowsError(try wide.u16())
    }
}
