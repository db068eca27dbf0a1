/// Turns interface messages into Ethernet frames for capture.pcap, in encapsulations
/// that Wireshark decodes: GTP-U on UDP 2152, eCPRI on ethertype 0xAEFE with O-RAN
/// C/U-plane headers, and our own interfaces (common header + body) on documented UDP ports.
///
/// GTP-U frames keep the headers and declare the full packet length (the synthetic inner
/// payload is not stored); U-plane frames are rewritten to carry the air frame as IQ data
/// (see `userPlaneForCapture`); everything else is stored whole.
public enum CaptureFraming {
    /// UDP ports of the project's own interfaces in captures.
    public static func udpPort(for interface: InterfaceID) -> UInt16? {
        switch interface {
        case .ngControl: 37701
        case .f1Control: 37703
        case .fronthaulManagement: 37705
        case .air: 37708
        case .report: 37710
        case .e2: 36421
        case .sync: 37709
        case .ngUser, .f1User: GTPUPacket.udpPort
        case .fronthaulControl, .fronthaulUser: nil
        }
    }

    /// Capture addresses: node index i is 10.100.0.(i+1) with MAC 02:00:00:00:00:(i+1).
    public static func ipv4(node: UInt16) -> UInt32 { 0x0A64_0000 | (UInt32(node) + 1) }

    /// A capture record: the bytes kept and the length the real frame had.
    public struct Record: Sendable, Equatable {
        public var frame: [UInt8]
        public var originalLength: Int
    }

    /// Frames one unit. `unitBytes` is the whole unit (header + payload) as sent.
    public static func frame(header: WireHeader, payload: ArraySlice<UInt8>, unitBytes: ArraySlice<UInt8>) -> Record {
        switch header.interface {
        case .fronthaulControl:
            return ethernet(header, etherType: ECPRI.etherType, body: payload, declaredBody: payload.count)
        case .fronthaulUser:
            let body = userPlaneForCapture(payload)
            return ethernet(header, etherType: ECPRI.etherType, body: body[...], declaredBody: body.count)
        case .ngUser, .f1User:
            var declared = payload.count
            if payload.count >= 4 {
                let i = payload.startIndex
                declared = 8 + (Int(payload[i + 2]) << 8 | Int(payload[i + 3]))
            }
            return udp(header, port: GTPUPacket.udpPort, body: payload, declaredBody: declared)
        default:
            let port = udpPort(for: header.interface) ?? 37700
            return udp(header, port: port, body: unitBytes, declaredBody: unitBytes.count)
        }
    }

    /// The U-plane message as captured: a complete, self-consistent eCPRI message whose one
    /// section carries the air frame as its IQ data.
    ///
    /// Wireshark's eCPRI dissector hands a message to the O-RAN dissector only when the whole
    /// eCPRI payload is captured, and the real IQ field (numPRBs x 48 bytes) is synthetic. So the
    /// capture keeps every header field as sent except two: `numPrbu` becomes the number of
    /// 48-byte PRBs that hold the air frame (1...255, zero-padded; a longer frame is cut) and the
    /// eCPRI payload size matches. The carrier's PRB allocation is in the C-plane messages.
    static func userPlaneForCapture(_ payload: ArraySlice<UInt8>) -> [UInt8] {
        let headerBytes = UserPlaneMessage.headerBytes
        guard payload.count >= headerBytes else { return Array(payload) }   // malformed: keep as sent
        let air = payload.dropFirst(headerBytes)
        let bytesPerPRB = 12 * 4   // 12 subcarriers x (16-bit I + 16-bit Q), no compression
        let prbs = min(255, max(1, (air.count + bytesPerPRB - 1) / bytesPerPRB))
        let iqBytes = prbs * bytesPerPRB
        var out = Array(payload.prefix(headerBytes))
        out.reserveCapacity(headerBytes + iqBytes)
        let payloadSize = 4 + 4 + 4 + iqBytes
        out[2] = UInt8(payloadSize >> 8); out[3] = UInt8(truncatingIfNeeded: payloadSize)
        out[headerBytes - 1] = UInt8(prbs)
        let kept = air.prefix(iqBytes)
        out.append(contentsOf: kept)
        out.append(contentsOf: repeatElement(0, count: iqBytes - kept.count))
        return out
    }

    private static func ethernetHeader(_ w: inout ByteWriter, _ h: WireHeader, etherType: UInt16) {
        w.u16(0x0200); w.u32(UInt32(h.destinationNode) + 1)
        w.u16(0x0200); w.u32(UInt32(h.sourceNode) + 1)
        w.u16(etherType)
    }

    private static func ethernet(_ h: WireHeader, etherType: UInt16, body: ArraySlice<UInt8>, declaredBody: Int) -> Record {
        var w = ByteWriter(capacity: 14 + body.count)
        ethernetHeader(&w, h, etherType: etherType)
        w.append(contentsOf: body)
        return Record(frame: w.bytes, originalLength: 14 + max(declaredBody, body.count))
    }

    private static func udp(_ h: WireHeader, port: UInt16, body: ArraySlice<UInt8>, declaredBody: Int) -> Record {
        // IPv4 total length is 16 bits: a body beyond it is cut, and the record says so consistently.
        let declared = min(max(declaredBody, body.count), 65_535 - 28)
        let kept = body.prefix(declared)
        var w = ByteWriter(capacity: 42 + kept.count)
        ethernetHeader(&w, h, etherType: 0x0800)
        let ipStart = w.count
        w.u8(0x45); w.u8(0); w.u16(UInt16(20 + 8 + declared)); w.u16(UInt16(truncatingIfNeeded: h.sequence))
        w.u16(0x4000); w.u8(64); w.u8(17); w.u16(0); w.u32(ipv4(node: h.sourceNode)); w.u32(ipv4(node: h.destinationNode))
        w.patchU16(at: ipStart + 10, UserPacket.ipv4Checksum(w.bytes[ipStart..<(ipStart + 20)]))
        w.u16(port); w.u16(port); w.u16(UInt16(8 + declared)); w.u16(0)
        w.append(contentsOf: kept)
        return Record(frame: w.bytes, originalLength: 42 + declared)
    }
}

/// Capture records travelling from a node to the launcher: `[u64 tsNs][u32 origLen][u32 capLen][frame]`*.
public enum CaptureBatch {
    public static func append(_ record: CaptureFraming.Record, timestampNs: UInt64, to w: inout ByteWriter) {
        w.u64(timestampNs); w.u32(UInt32(record.originalLength)); w.u32(UInt32(record.frame.count))
        w.append(contentsOf: record.frame)
    }

    public static func decode(_ body: ArraySlice<UInt8>) throws(WireDecodeError) -> [(timestampNs: UInt64, record: CaptureFraming.Record)] {
        var r = ByteReader(body)
        var out: [(UInt64, CaptureFraming.Record)] = []
        while r.remaining > 0 {
            let ts = try r.u64("capture.ts"); let orig = Int(try r.u32("capture.orig")); let cap = Int(try r.u32("capture.cap"))
            let bytes = Array(try r.take(cap, "capture.frame"))
            out.append((ts, CaptureFraming.Record(frame: bytes, originalLength: max(orig, cap))))
        }
        return out
    }
}
