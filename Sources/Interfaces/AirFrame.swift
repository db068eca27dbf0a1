/// A piece of an RLC SDU (one user packet) carried in a transport block.
public struct RLCSegment: Equatable, Sendable {
    public static let encodedBytes = 32
    /// The packet's sequence number (per UE and direction).
    public var sequence: UInt32
    /// Full size of the packet (IPv4 total length).
    public var sduBytes: UInt32
    public var offset: UInt32
    public var length: UInt32
    /// Emulated creation time of the packet at its source, ns.
    public var createdNs: UInt64
    /// Wall-clock creation time (Unix ns) in real-time runs, else 0.
    public var wallCreatedNs: UInt64

    public init(sequence: UInt32, sduBytes: UInt32, offset: UInt32, length: UInt32, createdNs: UInt64, wallCreatedNs: UInt64 = 0) {
        self.sequence = sequence; self.sduBytes = sduBytes; self.offset = offset; self.length = length
        self.createdNs = createdNs; self.wallCreatedNs = wallCreatedNs
    }
    public var isLast: Bool { offset + length >= sduBytes }
}

/// One MAC transport block on a shared channel (PDSCH or PUSCH).
public struct TransportBlock: Equatable, Sendable {
    public static let flagUplink: UInt8 = 0x01
    public static let flagRetransmission: UInt8 = 0x02
    /// Set by the channel: the receiver decoded the block.
    public static let flagDecoded: UInt8 = 0x04

    public var ueId: UInt32
    public var cell: UInt16
    public var harqProcess: UInt8
    public var flags: UInt8
    public var mcs: UInt8
    public var layers: UInt8
    public var startPRB: UInt16
    public var numPRBs: UInt16
    public var tbsBytes: UInt32
    /// SINR the channel computed for this block, in 0.01 dB (0 until the channel sets it).
    public var sinrCentiDb: Int16
    /// Transmission number of this TB (1 for a first transmission).
    public var transmission: UInt8
    /// Downlink: slots from this PDSCH to its HARQ-ACK (K1, the DCI's PDSCH-to-HARQ_feedback
    /// timing); 0 in the uplink.
    public var k1: UInt8 = 0
    public var segments: [RLCSegment]

    public init(ueId: UInt32, cell: UInt16, harqProcess: UInt8, flags: UInt8, mcs: UInt8, layers: UInt8 = 1,
                startPRB: UInt16, numPRBs: UInt16, tbsBytes: UInt32, sinrCentiDb: Int16 = 0, transmission: UInt8 = 1,
                segments: [RLCSegment]) {
        self.ueId = ueId; self.cell = cell; self.harqProcess = harqProcess; self.flags = flags; self.mcs = mcs
        self.layers = layers; self.startPRB = startPRB; self.numPRBs = numPRBs; self.tbsBytes = tbsBytes
        self.sinrCentiDb = sinrCentiDb; self.transmission = transmission; self.segments = segments
    }

    public var isUplink: Bool { flags & Self.flagUplink != 0 }
    public var isDecoded: Bool { flags & Self.flagDecoded != 0 }
}

/// An uplink grant (DCI 0_x) telling a UE which PRBs and MCS to use.
public struct UplinkGrant: Equatable, Sendable {
    public var ueId: UInt32
    public var cell: UInt16
    public var harqProcess: UInt8
    public var retransmission: Bool
    public var mcs: UInt8
    public var startPRB: UInt16
    public var numPRBs: UInt16
    public var tbsBytes: UInt32
    /// Slots from this DCI to the PUSCH it grants (K2).
    public var k2: UInt8
    /// MIMO layers of the PUSCH (1...4; bits 1-3 of the retransmission byte on the wire).
    public var layers: UInt8
    public init(ueId: UInt32, cell: UInt16, harqProcess: UInt8, retransmission: Bool, mcs: UInt8, startPRB: UInt16,
                numPRBs: UInt16, tbsBytes: UInt32, k2: UInt8 = 0, layers: UInt8 = 1) {
        self.ueId = ueId; self.cell = cell; self.harqProcess = harqProcess; self.retransmission = retransmission
        self.mcs = mcs; self.startPRB = startPRB; self.numPRBs = numPRBs; self.tbsBytes = tbsBytes; self.k2 = k2
        self.layers = layers
    }
}

/// Uplink control (UCI): HARQ-ACK, CQI and buffer status of one UE.
public struct UplinkControl: Equatable, Sendable {
    public struct HARQAck: Equatable, Sendable {
        public var harqProcess: UInt8
        public var ack: Bool
        public init(harqProcess: UInt8, ack: Bool) { self.harqProcess = harqProcess; self.ack = ack }
    }
    public var ueId: UInt32
    /// CSI: bits 0-3 the CQI (0...15), bits 4-6 the rank indicator minus one; 255 when no CSI
    /// is reported (see ``csi(cqi:rank:)``).
    public var cqi: UInt8
    /// The CSI byte of a CQI reported at a rank.
    public static func csi(cqi: Int, rank: Int) -> UInt8 {
        UInt8(min(max(cqi, 0), 15)) | UInt8((min(max(rank, 1), 8) - 1) & 0x07) << 4
    }
    /// The reported CQI, nil without CSI.
    public var reportedCQI: Int? { cqi == 255 ? nil : Int(cqi & 0x0F) }
    /// The reported rank indicator (1...8), nil without CSI.
    public var reportedRank: Int? { cqi == 255 ? nil : Int((cqi >> 4) & 0x07) + 1 }
    /// Bytes waiting in the UE's uplink buffer (BSR), or UInt32.max when not reported.
    public var bufferBytes: UInt32
    public var harqAcks: [HARQAck]
    public init(ueId: UInt32, cqi: UInt8 = 255, bufferBytes: UInt32 = .max, harqAcks: [HARQAck] = []) {
        self.ueId = ueId; self.cqi = cqi; self.bufferBytes = bufferBytes; self.harqAcks = harqAcks
    }
}

/// A radio measurement the channel gives a UE (wideband SINR of its serving cell).
public struct ChannelMeasurement: Equatable, Sendable {
    public var ueId: UInt32
    public var cell: UInt16
    public var sinrCentiDb: Int16
    /// `sinrCentiDb` when the serving cell is not heard at all (no SSB: its DU is down).
    public static let cellNotHeard = Int16.min
    public init(ueId: UInt32, cell: UInt16, sinrCentiDb: Int16) {
        self.ueId = ueId; self.cell = cell; self.sinrCentiDb = sinrCentiDb
    }
}

/// An RRC message (with NAS inside) to or from a UE; the body is a JSON control message.
public struct RRCContainer: Equatable, Sendable {
    public var ueId: UInt32
    public var body: [UInt8]
    public init(ueId: UInt32, body: [UInt8]) { self.ueId = ueId; self.body = body }
}

/// Everything a transmitter puts on the air (or the fronthaul) in one slot.
///
/// Encoded as a count of records, each `[kind u8][reserved u8][length u32][body]`.
/// A receiver skips record kinds it does not know (forward compatibility).
public struct AirFrame: Equatable, Sendable {
    public enum RecordKind: UInt8 { case transportBlock = 1, uplinkGrant = 2, uplinkControl = 3, measurement = 4, rrc = 5 }

    public var transportBlocks: [TransportBlock] = []
    public var uplinkGrants: [UplinkGrant] = []
    public var uplinkControl: [UplinkControl] = []
    public var measurements: [ChannelMeasurement] = []
    public var rrc: [RRCContainer] = []

    public init() {}

    public var isEmpty: Bool {
        transportBlocks.isEmpty && uplinkGrants.isEmpty && uplinkControl.isEmpty && measurements.isEmpty && rrc.isEmpty
    }

    public mutating func removeAll() {
        transportBlocks.removeAll(keepingCapacity: true); uplinkGrants.removeAll(keepingCapacity: true)
        uplinkControl.removeAll(keepingCapacity: true); measurements.removeAll(keepingCapacity: true)
        rrc.removeAll(keepingCapacity: true)
    }

    public func encode(into w: inout ByteWriter) {
        w.u32(UInt32(transportBlocks.count + uplinkGrants.count + uplinkControl.count + measurements.count + rrc.count))
        for tb in transportBlocks {
            record(&w, .transportBlock) { w in
                w.u32(tb.ueId); w.u16(tb.cell); w.u8(tb.harqProcess); w.u8(tb.flags); w.u8(tb.mcs); w.u8(tb.layers)
                w.u16(tb.startPRB); w.u16(tb.numPRBs); w.u32(tb.tbsBytes); w.i16(tb.sinrCentiDb); w.u8(tb.transmission)
                w.u8(tb.k1); w.u32(UInt32(tb.segments.count))
                for s in tb.segments {
                    w.u32(s.sequence); w.u32(s.sduBytes); w.u32(s.offset); w.u32(s.length); w.u64(s.createdNs); w.u64(s.wallCreatedNs)
                }
            }
        }
        for g in uplinkGrants {
            record(&w, .uplinkGrant) { w in
                w.u32(g.ueId); w.u16(g.cell); w.u8(g.harqProcess); w.u8((g.retransmission ? 1 : 0) | ((max(g.layers, 1) - 1) & 0x07) << 1); w.u8(g.mcs); w.u8(g.k2)
                w.u16(g.startPRB); w.u16(g.numPRBs); w.u32(g.tbsBytes)
            }
        }
        for c in uplinkControl {
            record(&w, .uplinkControl) { w in
                w.u32(c.ueId); w.u8(c.cqi); w.u8(UInt8(min(c.harqAcks.count, 255))); w.u32(c.bufferBytes)
                for a in c.harqAcks.prefix(255) { w.u8(a.harqProcess); w.u8(a.ack ? 1 : 0) }
            }
        }
        for m in measurements {
            record(&w, .measurement) { w in w.u32(m.ueId); w.u16(m.cell); w.i16(m.sinrCentiDb) }
        }
        for r in rrc {
            record(&w, .rrc) { w in w.u32(r.ueId); w.append(contentsOf: r.body) }
        }
    }

    private func record(_ w: inout ByteWriter, _ kind: RecordKind, _ body: (inout ByteWriter) -> Void) {
        w.u8(kind.rawValue); w.u8(0)
        let lengthAt = w.count
        w.u32(0)
        body(&w)
        w.patchU32(at: lengthAt, UInt32(w.count - lengthAt - 4))
    }

    public static func decode(from r: inout ByteReader) throws(WireDecodeError) -> AirFrame {
        var f = AirFrame()
        let count = Int(try r.u32("air.record_count"))
        // A record takes at least 6 bytes: refuse counts the bytes cannot hold before reserving.
        guard count <= r.remaining / 6 else { throw .invalidField(field: "air.record_count", value: "\(count)") }
        for _ in 0..<count {
            let rawKind = try r.u8("air.record_kind")
            _ = try r.u8("air.reserved")
            let length = Int(try r.u32("air.record_length"))
            guard length <= r.remaining else { throw .truncated(field: "air.record", needed: length, available: r.remaining) }
            var body = ByteReader(r.bytes, offset: r.offset, end: r.offset + length)
            try r.skip(length)
            switch RecordKind(rawValue: rawKind) {
            case .transportBlock:
                let ue = try body.u32(); let cell = try body.u16(); let harq = try body.u8(); let flags = try body.u8()
                let mcs = try body.u8(); let layers = try body.u8(); let start = try body.u16(); let num = try body.u16()
                let tbs = try body.u32(); let sinr = try body.i16(); let tx = try body.u8(); let k1 = try body.u8()
                let n = Int(try body.u32("tb.segment_count"))
                guard n <= body.remaining / RLCSegment.encodedBytes else {
                    throw .invalidField(field: "tb.segment_count", value: "\(n)")
                }
                var segments: [RLCSegment] = []
                segments.reserveCapacity(n)
                for _ in 0..<n {
                    segments.append(RLCSegment(sequence: try body.u32(), sduBytes: try body.u32(), offset: try body.u32(),
                                               length: try body.u32(), createdNs: try body.u64(), wallCreatedNs: try body.u64()))
                }
                var tb = TransportBlock(ueId: ue, cell: cell, harqProcess: harq, flags: flags, mcs: mcs,
                                        layers: layers, startPRB: start, numPRBs: num, tbsBytes: tbs,
                                        sinrCentiDb: sinr, transmission: tx, segments: segments)
                tb.k1 = k1
                f.transportBlocks.append(tb)
            case .uplinkGrant:
                let ue = try body.u32(); let cell = try body.u16(); let harq = try body.u8(); let retx = try body.u8()
                let mcs = try body.u8(); let k2 = try body.u8()
                var grant = UplinkGrant(ueId: ue, cell: cell, harqProcess: harq, retransmission: retx & 1 != 0,
                                        mcs: mcs, startPRB: try body.u16(), numPRBs: try body.u16(),
                                        tbsBytes: try body.u32(), k2: k2)
                grant.layers = (retx >> 1) & 0x07 + 1
                f.uplinkGrants.append(grant)
            case .uplinkControl:
                let ue = try body.u32(); let cqi = try body.u8(); let n = Int(try body.u8()); let bsr = try body.u32()
                var acks: [UplinkControl.HARQAck] = []
                for _ in 0..<n { acks.append(.init(harqProcess: try body.u8(), ack: try body.u8() != 0)) }
                f.uplinkControl.append(UplinkControl(ueId: ue, cqi: cqi, bufferBytes: bsr, harqAcks: acks))
            case .measurement:
                f.measurements.append(ChannelMeasurement(ueId: try body.u32(), cell: try body.u16(), sinrCentiDb: try body.i16()))
            case .rrc:
                let ue = try body.u32()
                f.rrc.append(RRCContainer(ueId: ue, body: Array(try body.take(body.remaining))))
            case nil:
                continue
            }
        }
        return f
    }
}
