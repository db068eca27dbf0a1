import XCTest
@testable import Interfaces

/// SplitMix64: a small seeded generator so fuzz runs are reproducible (failures print the seed).
struct SeededBytes: RandomNumberGenerator {
    private var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
    mutating func bytes(_ n: Int) -> [UInt8] { (0..<n).map { _ in UInt8.random(in: 0...255, using: &self) } }
}

/// Encodes with a fresh writer.
func encoded(_ body: (inout ByteWriter) -> Void) -> [UInt8] {
    var w = ByteWriter()
    body(&w)
    return w.bytes
}

/// Decodes every strict prefix of `bytes` and asserts that each one throws a typed error
/// (never traps, never succeeds); the full buffer must decode.
func assertEveryPrefixThrows<T>(_ bytes: [UInt8], file: StaticString = #filePath, line: UInt = #line,
                                _ decode: (inout ByteReader) throws(WireDecodeError) -> T) {
    for n in 0..<bytes.count {
        var r = ByteReader(Array(bytes[0..<n]))
        do {
            _ = try decode(&r)
            XCTFail("prefix of \(n) of \(bytes.count) bytes decoded without error", file: file, line: line)
        } catch {
            // Typed: `error` is a WireDecodeError by the decoder's signature.
            XCTAssertFalse(error.description.isEmpty, file: file, line: line)
        }
    }
    var r = ByteReader(bytes)
    XCTAssertNoThrow(try decode(&r), "full buffer", file: file, line: line)
}

/// Reads a big-endian u16 at `offset`.
func be16(_ b: [UInt8], _ offset: Int) -> Int { Int(b[offset]) << 8 | Int(b[offset + 1]) }
func be32(_ b: [UInt8], _ offset: Int) -> Int { be16(b, offset) << 16 | be16(b, offset + 2) }

/// RFC 1071 one's-complement sum of 16-bit words; 0xFFFF over a header with a correct checksum.
func onesComplementSum(_ b: ArraySlice<UInt8>) -> UInt16 {
    var sum: UInt32 = 0
    var i = b.startIndex
    while i + 1 < b.endIndex { sum += UInt32(b[i]) << 8 | UInt32(b[i + 1]); i += 2 }
    if i < b.endIndex { sum += UInt32(b[i]) << 8 }
    while sum > 0xFFFF { sum = (sum & 0xFFFF) + (sum >> 16) }
    return UInt16(sum)
}

/// Sample values used by several test files.
enum Samples {
    static let packet = UserPacket(ueId: 7, sequence: 0x1_0203, createdNs: 123_456_789, sizeBytes: 1200,
                                   sourceIP: 0x0A2E_0001, destinationIP: 0x0A2D_0009)

    static var airFrame: AirFrame {
        var f = AirFrame()
        f.transportBlocks = [
            TransportBlock(ueId: 3, cell: 1, harqProcess: 5, flags: TransportBlock.flagRetransmission, mcs: 27, layers: 2,
                           startPRB: 10, numPRBs: 263, tbsBytes: 98_000, sinrCentiDb: -1234, transmission: 2,
                           segments: [RLCSegment(sequence: 1, sduBytes: 1200, offset: 600, length: 600, createdNs: 1_000),
                                      RLCSegment(sequence: 2, sduBytes: 1200, offset: 0, length: 1200, createdNs: 2_000)]),
            TransportBlock(ueId: 4, cell: 1, harqProcess: 0, flags: TransportBlock.flagUplink | TransportBlock.flagDecoded,
                           mcs: 3, startPRB: 0, numPRBs: 4, tbsBytes: 100, segments: []),
        ]
        f.uplinkGrants = [UplinkGrant(ueId: 3, cell: 1, harqProcess: 2, retransmission: true, mcs: 9, startPRB: 20,
                                      numPRBs: 30, tbsBytes: 4_000)]
        f.uplinkControl = [UplinkControl(ueId: 3, cqi: 12, bufferBytes: 5_000,
                                         harqAcks: [.init(harqProcess: 5, ack: true), .init(harqProcess: 6, ack: false)]),
                           UplinkControl(ueId: 4)]
        f.measurements = [ChannelMeasurement(ueId: 3, cell: 1, sinrCentiDb: 2_345)]
        f.rrc = [RRCContainer(ueId: 3, body: RRCMessage(kind: .setupRequest, ueId: 3, supi: "imsi-001010000000003").encoded())]
        return f
    }

    static var controlPlane: ControlPlaneMessage {
        ControlPlaneMessage(downlink: true, timing: FrameTiming(frameId: 200, subframeId: 9, slotId: 3), startSymbol: 2,
                            sections: ControlPlaneMessage.sections(sectionId: 17, startPRB: 0, numPRBs: 273, numSymbols: 12),
                            pcId: 0x0102, sequence: 9)
    }

    static func userPlane(downlink: Bool = true, numPRBs: Int = 106) -> UserPlaneMessage {
        UserPlaneMessage(downlink: downlink, timing: FrameTiming(slot: 12_345, numerology: 1), symbol: 0, numPRBs: numPRBs,
                         pcId: 3, sequence: 250, frame: airFrame)
    }
}
