import Interfaces
import XCTest
@testable import Nodes

/// The capture keeps units as sent, in the slot; framing them later gives exactly the records
/// that framing each unit at once gives.
final class CaptureSinkTests: XCTestCase {
    /// A window's batch of units on one link, as a node builds it: each unit's offset, and the bytes.
    private func batch() -> (offsets: [Int], bytes: [UInt8], sync: Int) {
        var w = ByteWriter()
        var offsets: [Int] = []
        func unit(_ interface: InterfaceID, _ type: UInt8, _ payload: [UInt8]) {
            offsets.append(w.count)
            appendUnit(to: &w, interface: interface, messageType: type, source: 1, destination: 2,
                       slot: UInt64(offsets.count), sequence: UInt32(offsets.count)) { $0.append(contentsOf: payload) }
        }
        // A GTP-U packet (flags, type, length 4, TEID), a control message, a marker, an air frame.
        unit(.f1User, UserPlaneMessageType.gpdu, [0x30, 0xFF, 0x00, 0x04, 0, 0, 0, 7, 1, 2, 3, 4])
        unit(.f1Control, 1, Array("{\"kind\":\"x\"}".utf8))
        unit(.sync, SyncMessageType.endOfWindow, [])
        unit(.air, AirMessageType.uplinkFrame, [0, 1, 2, 3, 4, 5])
        return (offsets, w.bytes, 2)
    }

    func testFramingLaterGivesTheRecordsFramingAtOnceGives() throws {
        let (offsets, bytes, sync) = batch()
        let sink = CaptureSink(maxRecords: 100, epochNs: 1_000)
        for (i, offset) in offsets.enumerated() { sink.record(unitIn: bytes, at: offset, timestampNs: UInt64(10 * i)) }
        XCTAssertEqual(sink.recorded, offsets.count - 1, "markers are not captured")

        var expected = ByteWriter()
        for (i, offset) in offsets.enumerated() where i != sync {
            var r = ByteReader(bytes, offset: offset)
            let header = try WireHeader.decode(from: &r)
            let end = r.offset + Int(header.payloadLength)
            CaptureBatch.append(CaptureFraming.frame(header: header, payload: bytes[r.offset..<end], unitBytes: bytes[offset..<end]),
                                timestampNs: 1_000 + UInt64(10 * i), to: &expected)
        }
        let raw = try XCTUnwrap(sink.takeRaw())
        XCTAssertEqual(CaptureSink.framed(raw), expected.bytes)
        XCTAssertEqual(CaptureSink.records(raw[...]).map(\.timestampNs), [1_000, 1_010, 1_030])
        XCTAssertNil(sink.takeRaw(), "taken: nothing left")
    }

    func testAfterMaxRecordsItOnlyCounts() {
        let (offsets, bytes, _) = batch()
        let sink = CaptureSink(maxRecords: 2, epochNs: 0)
        for offset in offsets { sink.record(unitIn: bytes, at: offset, timestampNs: 0) }
        XCTAssertEqual(sink.recorded, 2)
        XCTAssertEqual(sink.skipped, 1)
        XCTAssertEqual(CaptureSink.records((sink.takeRaw() ?? [])[...]).count, 2)
    }
}
