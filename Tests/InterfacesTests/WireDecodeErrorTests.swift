import XCTest
@testable import Interfaces

final class WireDecodeErrorTests: XCTestCase {
    /// Receivers log these strings when they drop a message: each names what was wrong.
    func testDescriptions() {
        XCTAssertEqual(WireDecodeError.truncated(field: "slot", needed: 8, available: 3).description,
                       "truncated at slot: needed 8 bytes, 3 left")
        XCTAssertEqual(WireDecodeError.badMagic(0x4745).description, "bad magic 0x4745 (expected 0x4235)")
        XCTAssertEqual(WireDecodeError.unsupportedVersion(2).description, "unsupported header version 2")
        XCTAssertEqual(WireDecodeError.unknownInterface(11).description, "unknown interface 11")
        XCTAssertEqual(WireDecodeError.unknownMessageType(interface: "AIR", type: 9).description, "unknown message type 9 on AIR")
        XCTAssertEqual(WireDecodeError.lengthMismatch(declared: 10, available: 4).description, "payload length 10 but 4 bytes present")
        XCTAssertEqual(WireDecodeError.invalidField(field: "gtpu.type", value: "1").description, "invalid gtpu.type: 1")
        XCTAssertEqual(WireDecodeError.badControlBody("x").description, "bad control body: x")
    }

    /// Every decoder on the same 10,000 random buffers: none traps, each error is typed.
    func testEveryDecoderOnRandomBytes() {
        let seed: UInt64 = 0xE770
        var rng = SeededBytes(seed: seed)
        var failures = 0
        for i in 0..<10_000 {
            let b = rng.bytes(Int.random(in: 0...160, using: &rng))
            func check(_ decode: () throws(WireDecodeError) -> Void) {
                do { try decode() } catch {
                    failures += 1
                    XCTAssertFalse(error.description.isEmpty, "seed \(seed) iteration \(i)")
                }
            }
            check { () throws(WireDecodeError) in var r = ByteReader(b); _ = try WireHeader.decode(from: &r) }
            check { () throws(WireDecodeError) in var r = ByteReader(b); _ = try GTPUPacket.decode(from: &r) }
            check { () throws(WireDecodeError) in var r = ByteReader(b); _ = try UserPacket.decodeHeaders(from: &r) }
            check { () throws(WireDecodeError) in var r = ByteReader(b); _ = try ControlPlaneMessage.decode(from: &r) }
            check { () throws(WireDecodeError) in var r = ByteReader(b); _ = try UserPlaneMessage.decode(from: &r, carrierPRBs: 273) }
            check { () throws(WireDecodeError) in var r = ByteReader(b); _ = try AirFrame.decode(from: &r) }
            check { () throws(WireDecodeError) in _ = try CaptureBatch.decode(b[...]) }
            check { () throws(WireDecodeError) in _ = try ControlCodec.decode(F1SetupRequest.self, from: b[...]) }
            check { () throws(WireDecodeError) in _ = try RRCMessage.decode(b) }
            _ = decodeUnits(b)
        }
        XCTAssertGreaterThan(failures, 0, "random bytes are rejected")
    }
}
