import XCTest
@testable import Interfaces

final class CaptureNodeTableTests: XCTestCase {
    static let table = CaptureNodeTable(scenario: "quickstart", nodes: [
        .init(index: 0, name: "core1", role: "core", vendor: "acme"),
        .init(index: 1, name: "air", role: "channel", vendor: nil),
    ])

    /// A REPORT unit of type 6 from the launcher to itself, on UDP 37710, whole.
    func testRecordIsAWholeReportUnitFromTheLauncher() throws {
        let record = Self.table.captureRecord
        let f = record.frame
        XCTAssertEqual(record.originalLength, f.count)
        XCTAssertEqual(be16(f, 12), 0x0800)
        XCTAssertEqual(be16(f, 34), 37710)
        XCTAssertEqual(be16(f, 36), 37710)
        XCTAssertEqual(onesComplementSum(f[14..<34]), 0xFFFF, "IPv4 checksum")
        var r = ByteReader(Array(f[42...]))
        let header = try WireHeader.decode(from: &r)
        XCTAssertEqual(header.interface, .report)
        XCTAssertEqual(header.messageType, 6)
        XCTAssertEqual(header.sourceNode, 0xFFFF)
        XCTAssertEqual(header.destinationNode, 0xFFFF)
        XCTAssertEqual(header.slot, 0)
        XCTAssertEqual(Int(header.payloadLength), f.count - 42 - WireHeader.size)
        XCTAssertEqual(try ControlCodec.decode(CaptureNodeTable.self, from: f[(42 + WireHeader.size)...]), Self.table)
    }

    /// The JSON other tools parse: keys sorted, an absent vendor left out.
    func testJSONLayout() {
        XCTAssertEqual(String(decoding: ControlCodec.encode(Self.table), as: UTF8.self),
                       #"{"nodes":[{"index":0,"name":"core1","role":"core","vendor":"acme"},{"index":1,"name":"air","role":"channel"}],"scenario":"quickstart"}"#)
    }
}
