/// A user-plane IP packet as the traffic generators make it.
///
/// Only its headers travel between processes: `sizeBytes` is the IPv4 total length the
/// packet stands for; the synthetic payload behind the application header is implied.
public struct UserPacket: Equatable, Sendable {
    /// Length on the wire of IPv4 (20) + UDP (8) + application header (24).
    public static let headerBytes = 52
    public static let minimumSizeBytes = headerBytes
    /// Largest packet GTP-U over IPv4 can carry with the 8 bytes of optional fields and PDCP
    /// extension: 65,535 - 20 (outer IPv4) - 8 (UDP) - 16 (GTP-U). Larger sizes would overflow
    /// the 16-bit IPv4 and GTP-U length fields, and decoding would no longer give the same value.
    public static let maximumSizeBytes = 65_535 - 20 - 8 - 16

    public var ueId: UInt32
    /// Per UE and direction, from 0.
    public var sequence: UInt32
    /// Emulated time at which the source created the packet, ns since the run's start.
    public var createdNs: UInt64
    /// Wall-clock creation time, Unix ns, in real-time runs (0 in virtual time).
    public var wallCreatedNs: UInt64
    /// IPv4 total length this packet stands for (52 ... `maximumSizeBytes`).
    public var sizeBytes: Int
    public var sourceIP: UInt32
    public var destinationIP: UInt32
    public var sourcePort: UInt16
    public var destinationPort: UInt16

    public init(ueId: UInt32, sequence: UInt32, createdNs: UInt64, sizeBytes: Int, sourceIP: UInt32,
                destinationIP: UInt32, sourcePort: UInt16 = 5001, destinationPort: UInt16 = 5001,
                wallCreatedNs: UInt64 = 0) {
        self.ueId = ueId; self.sequence = sequence; self.createdNs = createdNs; self.wallCreatedNs = wallCreatedNs
        self.sizeBytes = min(max(sizeBytes, Self.minimumSizeBytes), Self.maximumSizeBytes)
        self.sourceIP = sourceIP; self.destinationIP = destinationIP
        self.sourcePort = sourcePort; self.destinationPort = destinationPort
    }

    /// IPv4 + UDP + application header, as present on the wire (52 bytes).
    public func encodeHeaders(into w: inout ByteWriter) {
        let start = w.count
        w.u8(0x45); w.u8(0); w.u16(UInt16(clamping: sizeBytes)); w.u16(UInt16(truncatingIfNeeded: sequence))
        w.u16(0x4000); w.u8(64); w.u8(17); w.u16(0); w.u32(sourceIP); w.u32(destinationIP)
        w.patchU16(at: start + 10, Self.ipv4Checksum(w.bytes[start..<(start + 20)]))
        w.u16(sourcePort); w.u16(destinationPort); w.u16(UInt16(clamping: sizeBytes - 20)); w.u16(0)
        w.u32(ueId); w.u32(sequence); w.u64(createdNs); w.u64(wallCreatedNs)
    }

    public static func decodeHeaders(from r: inout ByteReader) throws(WireDecodeError) -> UserPacket {
        let versionIHL = try r.u8("ipv4.version")
        guard versionIHL == 0x45 else { throw .invalidField(field: "ipv4.version_ihl", value: "\(versionIHL)") }
        _ = try r.u8("ipv4.tos")
        let total = Int(try r.u16("ipv4.total_length"))
        guard total >= minimumSizeBytes else { throw .invalidField(field: "ipv4.total_length", value: "\(total)") }
        try r.skip(5, "ipv4.id_flags_ttl")
        let proto = try r.u8("ipv4.protocol")
        guard proto == 17 else { throw .invalidField(field: "ipv4.protocol", value: "\(proto)") }
        _ = try r.u16("ipv4.checksum")
        let src = try r.u32("ipv4.src"); let dst = try r.u32("ipv4.dst")
        let sport = try r.u16("udp.srcport"); let dport = try r.u16("udp.dstport")
        try r.skip(4, "udp.length_checksum")
        let ue = try r.u32("app.ue"); let seq = try r.u32("app.sequence"); let created = try r.u64("app.created")
        let wall = try r.u64("app.wall_created")
        return UserPacket(ueId: ue, sequence: seq, createdNs: created, sizeBytes: total, sourceIP: src,
                          destinationIP: dst, sourcePort: sport, destinationPort: dport, wallCreatedNs: wall)
    }

    static func ipv4Checksum(_ header: ArraySlice<UInt8>) -> UInt16 {
        var sum: UInt32 = 0
        var i = header.startIndex
        while i < header.endIndex {
            sum &+= UInt32(header[i]) << 8 | UInt32(header[i + 1]); i += 2
        }
        while sum > 0xFFFF { sum = (sum & 0xFFFF) + (sum >> 16) }
        return ~UInt16(sum)
    }
}

/// A GTP-U G-PDU (TS 29.281 clause 5) carrying one user packet.
///
/// On F1-U it carries the PDCP PDU number extension header (type 0xC0, TS 29.281 5.2.2.2)
/// so the CU-UP's sequence number is visible in captures.
public struct GTPUPacket: Equatable, Sendable {
    public static let messageTypeGPDU: UInt8 = 0xFF
    public static let extensionPDCPNumber: UInt8 = 0xC0
    public static let udpPort: UInt16 = 2152

    public var teid: UInt32
    public var pdcpNumber: UInt16?
    public var packet: UserPacket

    public init(teid: UInt32, pdcpNumber: UInt16? = nil, packet: UserPacket) {
        self.teid = teid; self.pdcpNumber = pdcpNumber; self.packet = packet
    }

    /// Bytes on the wire (headers only).
    public var encodedCount: Int { (pdcpNumber == nil ? 8 : 16) + UserPacket.headerBytes }
    /// Bytes a real packet would take (GTP-U header + full inner packet).
    public var declaredCount: Int { (pdcpNumber == nil ? 8 : 16) + packet.sizeBytes }

    public func encode(into w: inout ByteWriter) {
        let optional = pdcpNumber == nil ? 0 : 8
        w.u8(pdcpNumber == nil ? 0x30 : 0x34)   // version 1, PT 1, E flag when an extension follows
        w.u8(Self.messageTypeGPDU)
        w.u16(UInt16(clamping: optional + packet.sizeBytes))
        w.u32(teid)
        if let pdcp = pdcpNumber {
            w.u16(0); w.u8(0); w.u8(Self.extensionPDCPNumber)   // sequence, N-PDU, next extension type
            w.u8(1); w.u16(pdcp); w.u8(0)                       // length in 4-octet units, content, no next
        }
        packet.encodeHeaders(into: &w)
    }

    public static func decode(from r: inout ByteReader) throws(WireDecodeError) -> GTPUPacket {
        let flags = try r.u8("gtpu.flags")
        guard flags >> 5 == 1, flags & 0x10 != 0 else { throw .invalidField(field: "gtpu.flags", value: "\(flags)") }
        let type = try r.u8("gtpu.type")
        guard type == messageTypeGPDU else { throw .invalidField(field: "gtpu.type", value: "\(type)") }
        let length = Int(try r.u16("gtpu.length"))
        let teid = try r.u32("gtpu.teid")
        var pdcp: UInt16?
        var consumed = 0
        if flags & 0x07 != 0 {
            try r.skip(3, "gtpu.sequence_npdu")
            var next = try r.u8("gtpu.next_extension")
            consumed = 4
            while next != 0 {
                let units = Int(try r.u8("gtpu.extension_length"))
                guard units > 0 else { throw .invalidField(field: "gtpu.extension_length", value: "0") }
                let content = try r.take(units * 4 - 2, "gtpu.extension")
                if next == extensionPDCPNumber, content.count >= 2 {
                    pdcp = UInt16(content[content.startIndex]) << 8 | UInt16(content[content.startIndex + 1])
                }
                next = try r.u8("gtpu.next_extension")
                consumed += units * 4
            }
        }
        let packet = try UserPacket.decodeHeaders(from: &r)
        guard length == consumed + packet.sizeBytes else {
            throw .invalidField(field: "gtpu.length", value: "\(length) vs inner \(packet.sizeBytes)")
        }
        return GTPUPacket(teid: teid, pdcpNumber: pdcp, packet: packet)
    }
}
