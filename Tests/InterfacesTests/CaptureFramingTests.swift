import XCTest
@testable import Interfaces
import Power

/// One unit as a node sends it, and its capture record.
struct CapturedUnit {
    var header: WireHeader
    var unit: [UInt8]
    var record: CaptureFraming.Record

    init(_ interface: InterfaceID, _ type: UInt8, flags: UInt8 = 0, source: UInt16 = 2, destination: UInt16 = 5,
         sequence: UInt32 = 0x1_0007, _ body: (inout ByteWriter) -> Void) {
        var w = ByteWriter()
        appendUnit(to: &w, interface: interface, messageType: type, flags: flags, source: source, destination: destination,
                   slot: 77, sequence: sequence, payload: body)
        unit = w.bytes
        var r = ByteReader(unit)
        header = try! WireHeader.decode(from: &r)
        record = CaptureFraming.frame(header: header, payload: unit[WireHeader.size...], unitBytes: unit[...])
    }

    /// One unit of every kind a node puts in a capture, in a fixed order.
    static var everyKind: [(name: String, captured: CapturedUnit)] {
        let synthetic = WireHeader.flagSyntheticPayload
        return [
            ("NG-C", CapturedUnit(.ngControl, InitialUEMessage.messageType) {
                $0.append(contentsOf: ControlCodec.encode(InitialUEMessage(ranUeId: 3, supi: "imsi-001010000000003", cell: "c1")))
            }),
            ("NG-U", CapturedUnit(.ngUser, UserPlaneMessageType.gpdu, flags: synthetic) {
                GTPUPacket(teid: 0x2000_0003, packet: Samples.packet).encode(into: &$0)
            }),
            ("F1-C", CapturedUnit(.f1Control, SetupMessageType.request) {
                $0.append(contentsOf: ControlCodec.encode(F1SetupRequest(duNode: "du1", vendor: "acme", versions: [1],
                                                                         servedCells: [ServedCell(name: "c1", prbs: 106, numerology: 0)],
                                                                         maxUEs: 64)))
            }),
            ("F1-U", CapturedUnit(.f1User, UserPlaneMessageType.gpdu, flags: synthetic) {
                GTPUPacket(teid: 0x4000_0003, pdcpNumber: 42, packet: Samples.packet).encode(into: &$0)
            }),
            ("FH-M", CapturedUnit(.fronthaulManagement, SetupMessageType.response) {
                $0.append(contentsOf: ControlCodec.encode(FronthaulSetupResponse(ruNode: "ru1", vendor: "initech", version: 1)))
            }),
            ("FH-C", CapturedUnit(.fronthaulControl, FronthaulMessageType.downlink) { Samples.controlPlane.encode(into: &$0) }),
            ("FH-U downlink", CapturedUnit(.fronthaulUser, FronthaulMessageType.downlink, flags: synthetic) {
                Samples.userPlane(numPRBs: 273).encode(into: &$0)
            }),
            ("FH-U uplink", CapturedUnit(.fronthaulUser, FronthaulMessageType.uplink, flags: synthetic, source: 5, destination: 2) {
                Samples.userPlane(downlink: false, numPRBs: 106).encode(into: &$0)
            }),
            ("AIR", CapturedUnit(.air, AirMessageType.downlinkFrame) { Samples.airFrame.encode(into: &$0) }),
            ("SYNC", CapturedUnit(.sync, SyncMessageType.endOfWindow) { _ in }),
            ("REPORT", CapturedUnit(.report, 1) { $0.append(contentsOf: Array(#"{"node":"du1","pid":1}"#.utf8)) }),
            ("E2", CapturedUnit(.e2, E2MessageType.kpmIndication, source: 2, destination: 6) {
                $0.append(contentsOf: ControlCodec.encode(KPMIndication(
                    node: "du1", periodIndex: 3, slot: 15_999, periodSlots: 4_000,
                    vdus: [E2VDUMeasurement(vdu: "du1", coresAllocated: 4, utilisation: 0.5, processingP99Us: 310, lateSlots: 0)])))
            }),
            ("E2 control", CapturedUnit(.e2, E2MessageType.rcControlRequest, source: 6, destination: 3) {
                $0.append(contentsOf: ControlCodec.encode(RCControlRequest(actionId: 1, targetNode: "ru1", applyAtSlot: 16_400,
                                                                           action: .ruSleep(ru: "ru1", depth: .sm2), reason: "idle")))
            }),
        ]
    }
}

final class CaptureFramingTests: XCTestCase {
    /// Ethernet II, then (for IPv4) a 20-byte header with a correct checksum and UDP whose length
    /// agrees with it; lengths declare the real frame, `originalLength` matches them.
    private func checkFrame(_ name: String, _ c: CapturedUnit) {
        let f = c.record.frame
        XCTAssertGreaterThanOrEqual(c.record.originalLength, f.count, name)
        XCTAssertEqual(Array(f[0..<6]), [0x02, 0, 0, 0, 0, UInt8(c.header.destinationNode + 1)], name)
        XCTAssertEqual(Array(f[6..<12]), [0x02, 0, 0, 0, 0, UInt8(c.header.sourceNode + 1)], name)
        let etherType = be16(f, 12)
        switch c.header.interface {
        case .fronthaulControl, .fronthaulUser:
            XCTAssertEqual(etherType, 0xAEFE, name)
            XCTAssertEqual(c.record.originalLength, 14 + 4 + be16(f, 14 + 2), "\(name): eCPRI payload size")
        default:
            XCTAssertEqual(etherType, 0x0800, name)
            XCTAssertEqual(f[14], 0x45, name)
            XCTAssertEqual(onesComplementSum(f[14..<34]), 0xFFFF, "\(name): IPv4 checksum")
            XCTAssertEqual(f[14 + 9], 17, name)
            XCTAssertEqual(be16(f, 14 + 4), Int(c.header.sequence & 0xFFFF), name)
            XCTAssertEqual(be32(f, 14 + 12), 0x0A64_0000 + Int(c.header.sourceNode) + 1, name)
            XCTAssertEqual(be32(f, 14 + 16), 0x0A64_0000 + Int(c.header.destinationNode) + 1, name)
            let ipTotal = be16(f, 14 + 2)
            XCTAssertEqual(14 + ipTotal, c.record.originalLength, "\(name): IPv4 total length declares the frame")
            XCTAssertEqual(be16(f, 34 + 4), ipTotal - 20, "\(name): UDP length")
            XCTAssertEqual(be16(f, 34 + 6), 0, "\(name): UDP checksum not computed")
            let port = be16(f, 34)
            XCTAssertEqual(port, be16(f, 36), name)
            XCTAssertEqual(UInt16(port), CaptureFraming.udpPort(for: c.header.interface), name)
        }
    }

    func testEveryKindIsValidEthernet() {
        for (name, c) in CapturedUnit.everyKind { checkFrame(name, c) }
    }

    func testPortsAndAddresses() {
        XCTAssertEqual(InterfaceID.allCases.map { CaptureFraming.udpPort(for: $0) },
                       [37701, 2152, 37703, 2152, 37705, nil, nil, 37708, 37709, 37710, 36421])
        XCTAssertEqual(CaptureFraming.ipv4(node: 0), 0x0A64_0001)
        XCTAssertEqual(CaptureFraming.ipv4(node: 254), 0x0A64_00FF)
    }

    /// GTP-U: the GTP-U message as sent (headers only), lengths of the full packet.
    func testGTPUKeepsHeadersAndDeclaresFullPacket() {
        let c = CapturedUnit(.f1User, UserPlaneMessageType.gpdu) { GTPUPacket(teid: 1, pdcpNumber: 9, packet: Samples.packet).encode(into: &$0) }
        XCTAssertEqual(Array(c.record.frame[42...]), Array(c.unit[WireHeader.size...]))
        XCTAssertEqual(c.record.frame.count, 42 + 16 + 52)
        XCTAssertEqual(c.record.originalLength, 42 + 16 + 1200)
    }

    /// U-plane: every header field as sent except numPrbu and the eCPRI payload size, which
    /// describe the PRBs holding the air frame; the frame is whole and decodes back.
    func testUserPlaneCarriesTheAirFrameAsIQ() throws {
        let m = Samples.userPlane(numPRBs: 106)
        let c = CapturedUnit(.fronthaulUser, FronthaulMessageType.downlink) { m.encode(into: &$0) }
        let sent = Array(c.unit[WireHeader.size...])
        let airBytes = sent.count - UserPlaneMessage.headerBytes
        let prbs = (airBytes + 47) / 48
        let f = c.record.frame
        XCTAssertEqual(f.count, 14 + 16 + prbs * 48)
        XCTAssertEqual(c.record.originalLength, f.count)
        XCTAssertEqual(Array(f[14..<16]), Array(sent[0..<2]))
        XCTAssertEqual(be16(f, 16), 12 + prbs * 48, "eCPRI payload size")
        XCTAssertEqual(Array(f[18..<29]), Array(sent[4..<15]), "pcId, seqId, O-RAN header, section id and start PRB as sent")
        XCTAssertEqual(Int(f[29]), prbs, "numPrbu")
        XCTAssertEqual(Array(f[30..<(30 + airBytes)]), Array(sent[16...]))
        XCTAssertTrue(f[(30 + airBytes)...].allSatisfy { $0 == 0 }, "zero padding to a whole PRB")
        var r = ByteReader(Array(f[14...]))
        let h = try UserPlaneMessage.decodeHeaders(from: &r)
        XCTAssertEqual(h.timing, m.timing)
        XCTAssertEqual(try AirFrame.decode(from: &r), m.frame)
    }

    func testUserPlaneCaptureBounds() {
        let empty = CapturedUnit(.fronthaulUser, FronthaulMessageType.uplink) {
            UserPlaneMessage(downlink: false, timing: FrameTiming(slot: 4, numerology: 1), numPRBs: 273, frame: AirFrame()).encode(into: &$0)
        }
        XCTAssertEqual(empty.record.frame.count, 14 + 16 + 48, "at least one PRB (numPrbu 0 would mean the whole carrier)")
        XCTAssertEqual(empty.record.frame[29], 1)
        var big = AirFrame()
        big.rrc = [RRCContainer(ueId: 1, body: Array(repeating: 7, count: 20_000))]
        let cut = CapturedUnit(.fronthaulUser, FronthaulMessageType.downlink) {
            UserPlaneMessage(downlink: true, timing: FrameTiming(slot: 4, numerology: 1), numPRBs: 273, frame: big).encode(into: &$0)
        }
        XCTAssertEqual(cut.record.frame.count, 14 + 16 + 255 * 48, "at most 255 PRBs")
        XCTAssertEqual(cut.record.frame[29], 255)
        XCTAssertEqual(be16(cut.record.frame, 16), 12 + 255 * 48)
    }

    /// C-plane is carried whole; the project's own interfaces carry the whole unit (common header included).
    func testControlPlaneAndOwnInterfacesAreWhole() {
        let cp = CapturedUnit(.fronthaulControl, FronthaulMessageType.downlink) { Samples.controlPlane.encode(into: &$0) }
        XCTAssertEqual(Array(cp.record.frame[14...]), Array(cp.unit[WireHeader.size...]))
        XCTAssertEqual(cp.record.originalLength, cp.record.frame.count)
        let air = CapturedUnit(.air, AirMessageType.uplinkFrame) { Samples.airFrame.encode(into: &$0) }
        XCTAssertEqual(Array(air.record.frame[42...]), air.unit)
        XCTAssertEqual(air.record.originalLength, air.record.frame.count)
    }

    /// A body larger than an IPv4 packet can hold is cut to fit, and every length agrees.
    func testOversizedBodyIsCutConsistently() {
        let c = CapturedUnit(.report, 4) { $0.zeros(70_000) }
        XCTAssertEqual(c.record.frame.count, 14 + 65_535)
        XCTAssertEqual(be16(c.record.frame, 16), 65_535)
        XCTAssertEqual(be16(c.record.frame, 38), 65_535 - 20)
        XCTAssertEqual(c.record.originalLength, c.record.frame.count)
        XCTAssertEqual(onesComplementSum(c.record.frame[14..<34]), 0xFFFF)
    }

    /// Short or garbled payloads (a peer's bad bytes) are framed without trapping.
    func testShortPayloadsDoNotTrap() {
        for interface in InterfaceID.allCases {
            for n in 0..<20 {
                let c = CapturedUnit(interface, 1) { $0.append(contentsOf: Array(repeating: 0xFF, count: n)) }
                XCTAssertGreaterThanOrEqual(c.record.originalLength, c.record.frame.count)
            }
        }
    }

    // MARK: Capture batches (node -> launcher)

    func testBatchRoundTrip() throws {
        var w = ByteWriter()
        let records = CapturedUnit.everyKind.map(\.captured.record)
        for (i, rec) in records.enumerated() { CaptureBatch.append(rec, timestampNs: UInt64(i) * 500_000, to: &w) }
        let decoded = try CaptureBatch.decode(w.bytes[...])
        XCTAssertEqual(decoded.map(\.record), records)
        XCTAssertEqual(decoded.map(\.timestampNs), (0..<UInt64(records.count)).map { $0 * 500_000 })
        // Layout: [u64 timestamp][u32 original length][u32 captured length][frame].
        XCTAssertEqual(be32(w.bytes, 8), records[0].originalLength)
        XCTAssertEqual(be32(w.bytes, 12), records[0].frame.count)
    }

    func testBatchTruncationAtEveryPrefix() {
        var w = ByteWriter()
        var ends = [0]
        for c in CapturedUnit.everyKind.prefix(3) {
            CaptureBatch.append(c.captured.record, timestampNs: 1, to: &w)
            ends.append(w.count)
        }
        for n in 0...w.count {
            let result = Result { () throws(WireDecodeError) in try CaptureBatch.decode(w.bytes[0..<n]) }
            if let k = ends.firstIndex(of: n) {
                XCTAssertEqual((try? result.get())?.count, k, "prefix \(n)")
            } else {
                XCTAssertThrowsError(try result.get(), "prefix \(n)")
            }
        }
        // A captured length far beyond the bytes present throws rather than allocates.
        var absurd = ByteWriter()
        absurd.u64(0); absurd.u32(.max); absurd.u32(.max); absurd.zeros(10)
        XCTAssertThrowsError(try CaptureBatch.decode(absurd.bytes[...]))
    }

    func testBatchFuzzNeverTraps() {
        let seed: UInt64 = 0xCAB7
        var rng = SeededBytes(seed: seed)
        var w = ByteWriter()
        CaptureBatch.append(CapturedUnit.everyKind[1].captured.record, timestampNs: 5, to: &w)
        for i in 0..<10_000 {
            var b = w.bytes
            if i.isMultiple(of: 2) {
                b[Int.random(in: 0..<b.count, using: &rng)] = UInt8.random(in: 0...255, using: &rng)
            } else {
                b = rng.bytes(Int.random(in: 0...64, using: &rng))
            }
            do {
                for (_, rec) in try CaptureBatch.decode(b[...]) { XCTAssertGreaterThanOrEqual(rec.originalLength, rec.frame.count) }
            } catch {
                XCTAssertFalse(error.description.isEmpty, "seed \(seed) iteration \(i)")
            }
        }
    }
}
