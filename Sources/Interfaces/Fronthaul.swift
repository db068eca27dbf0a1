/// Radio frame timing of a slot, as O-RAN fronthaul headers carry it (TS 38.211 4.3).
public struct FrameTiming: Equatable, Sendable {
    public var frameId: UInt8
    public var subframeId: UInt8
    public var slotId: UInt8

    public init(slot: UInt64, numerology: Int) {
        let slotsPerSubframe = UInt64(1) << UInt64(numerology)
        let slotsPerFrame = 10 * slotsPerSubframe
        let inFrame = slot % slotsPerFrame
        frameId = UInt8(truncatingIfNeeded: slot / slotsPerFrame)
        subframeId = UInt8(inFrame / slotsPerSubframe)
        slotId = UInt8(inFrame % slotsPerSubframe)
    }

    public init(frameId: UInt8, subframeId: UInt8, slotId: UInt8) {
        self.frameId = frameId; self.subframeId = subframeId; self.slotId = slotId
    }
}

/// eCPRI common header (eCPRI 2.0 clause 3.1.3.1): revision 1, no concatenation.
public enum ECPRI {
    public static let etherType: UInt16 = 0xAEFE
    public static let messageTypeIQData: UInt8 = 0
    public static let messageTypeRealTimeControl: UInt8 = 2

    static func encodeHeader(into w: inout ByteWriter, messageType: UInt8, payloadSize: Int, pcId: UInt16, sequence: UInt8) {
        w.u8(0x10); w.u8(messageType); w.u16(UInt16(clamping: payloadSize))
        w.u16(pcId); w.u8(sequence); w.u8(0x80)   // SEQ_ID: sequence, E bit set (last subsequence)
    }

    static func decodeHeader(from r: inout ByteReader, expecting type: UInt8) throws(WireDecodeError) -> (payloadSize: Int, pcId: UInt16, sequence: UInt8) {
        let rev = try r.u8("ecpri.revision")
        guard rev >> 4 == 1 else { throw .invalidField(field: "ecpri.revision", value: "\(rev >> 4)") }
        let t = try r.u8("ecpri.type")
        guard t == type else { throw .invalidField(field: "ecpri.type", value: "\(t)") }
        let size = Int(try r.u16("ecpri.payload_size"))
        let pc = try r.u16("ecpri.pc_id"); let seq = try r.u8("ecpri.seq_id"); _ = try r.u8("ecpri.sub_seq")
        return (size, pc, seq)
    }
}

/// One section of an O-RAN C-plane section type 1 message (O-RAN WG4 CUS 7.4.3).
public struct ControlPlaneSection: Equatable, Sendable {
    public var sectionId: UInt16
    public var startPRB: UInt16
    /// 1...255; 0 means every PRB of the carrier.
    public var numPRBs: UInt8
    public var numSymbols: UInt8
    public var beamId: UInt16
    public init(sectionId: UInt16, startPRB: UInt16, numPRBs: UInt8, numSymbols: UInt8, beamId: UInt16 = 0) {
        self.sectionId = sectionId; self.startPRB = startPRB; self.numPRBs = numPRBs
        self.numSymbols = numSymbols; self.beamId = beamId
    }
}

/// O-RAN C-plane, section type 1: which PRBs and symbols carry data in a slot.
public struct ControlPlaneMessage: Equatable, Sendable {
    public var downlink: Bool
    public var timing: FrameTiming
    public var startSymbol: UInt8
    public var sections: [ControlPlaneSection]
    public var pcId: UInt16
    public var sequence: UInt8

    public init(downlink: Bool, timing: FrameTiming, startSymbol: UInt8 = 0, sections: [ControlPlaneSection],
                pcId: UInt16 = 0, sequence: UInt8 = 0) {
        self.downlink = downlink; self.timing = timing; self.startSymbol = startSymbol; self.sections = sections
        self.pcId = pcId; self.sequence = sequence
    }

    /// Splits one allocation into sections of at most 255 PRBs (numPrbc is 8 bits).
    public static func sections(sectionId: UInt16, startPRB: Int, numPRBs: Int, numSymbols: Int) -> [ControlPlaneSection] {
        var out: [ControlPlaneSection] = []
        var start = startPRB, left = numPRBs
        while left > 0 {
            let n = min(left, 255)
            out.append(ControlPlaneSection(sectionId: sectionId & 0x0FFF, startPRB: UInt16(clamping: start), numPRBs: UInt8(n),
                                           numSymbols: UInt8(clamping: numSymbols)))
            start += n; left -= n
        }
        return out
    }

    /// numberOfSections is 8 bits: at most this many sections fit in one message.
    public static let maxSections = 255

    /// Encodes the message; sections beyond ``maxSections`` are not encoded (split them over
    /// several messages).
    public func encode(into w: inout ByteWriter) {
        let encodedSections = sections.prefix(Self.maxSections)
        let size = 4 + 8 + 8 * encodedSections.count
        ECPRI.encodeHeader(into: &w, messageType: ECPRI.messageTypeRealTimeControl, payloadSize: size, pcId: pcId, sequence: sequence)
        w.u8((downlink ? 0x80 : 0) | 0x10)   // dataDirection, payloadVersion 1, filterIndex 0
        w.u8(timing.frameId)
        w.u16(UInt16(timing.subframeId & 0x0F) << 12 | UInt16(timing.slotId & 0x3F) << 6 | UInt16(startSymbol & 0x3F))
        w.u8(UInt8(encodedSections.count)); w.u8(1); w.u8(0); w.u8(0)   // sectionType 1, udCompHdr, reserved
        for s in encodedSections {
            w.u24(UInt32(s.sectionId & 0x0FFF) << 12 | UInt32(s.startPRB & 0x03FF))
            w.u8(s.numPRBs)
            w.u16(0xFFF0 | UInt16(s.numSymbols & 0x0F))               // reMask all REs, numSymbol
            w.u16(s.beamId & 0x7FFF)                                  // ef 0, beamId
        }
    }

    public static func decode(from r: inout ByteReader) throws(WireDecodeError) -> ControlPlaneMessage {
        let (_, pc, seq) = try ECPRI.decodeHeader(from: &r, expecting: ECPRI.messageTypeRealTimeControl)
        let b0 = try r.u8("oran.direction")
        let frame = try r.u8("oran.frame")
        let t = try r.u16("oran.timing")
        let n = Int(try r.u8("oran.number_of_sections"))
        let type = try r.u8("oran.section_type")
        guard type == 1 else { throw .invalidField(field: "oran.section_type", value: "\(type)") }
        try r.skip(2, "oran.udcomphdr")
        var sections: [ControlPlaneSection] = []
        sections.reserveCapacity(n)
        for _ in 0..<n {
            let idPrb = try r.u24("section.id_startprb")
            let num = try r.u8("section.numprb")
            let mask = try r.u16("section.remask_numsymbol")
            let beam = try r.u16("section.beamid")
            sections.append(ControlPlaneSection(sectionId: UInt16(idPrb >> 12), startPRB: UInt16(idPrb & 0x3FF),
                                                numPRBs: num, numSymbols: UInt8(mask & 0x0F), beamId: beam & 0x7FFF))
        }
        let timing = FrameTiming(frameId: frame, subframeId: UInt8(t >> 12), slotId: UInt8((t >> 6) & 0x3F))
        return ControlPlaneMessage(downlink: b0 & 0x80 != 0, timing: timing, startSymbol: UInt8(t & 0x3F),
                                   sections: sections, pcId: pc, sequence: seq)
    }
}

/// O-RAN U-plane message (O-RAN WG4 CUS 6.3) with one section spanning the carrier.
///
/// IQ samples are not emulated: the section declares `numPRBs` x 12 subcarriers of 16-bit
/// I/Q (uncompressed), but the bytes carried in place of the IQ field are the slot's
/// `AirFrame` (the emulated MAC PDUs and control). In captures the section's numPrbu and the
/// eCPRI payload size are reduced to the PRBs that hold the air frame, so Wireshark decodes
/// the message whole (see `CaptureFraming`).
public struct UserPlaneMessage: Equatable, Sendable {
    /// Bytes from the eCPRI header to the end of the section header.
    public static let headerBytes = 16
    public var downlink: Bool
    public var timing: FrameTiming
    public var symbol: UInt8
    public var numPRBs: Int
    public var pcId: UInt16
    public var sequence: UInt8
    public var frame: AirFrame

    public init(downlink: Bool, timing: FrameTiming, symbol: UInt8 = 0, numPRBs: Int, pcId: UInt16 = 0,
                sequence: UInt8 = 0, frame: AirFrame) {
        self.downlink = downlink; self.timing = timing; self.symbol = symbol; self.numPRBs = numPRBs
        self.pcId = pcId; self.sequence = sequence; self.frame = frame
    }

    /// Size of the IQ field a real message would carry (16-bit I and Q per subcarrier).
    public var declaredIQBytes: Int { numPRBs * 12 * 4 }

    public func encode(into w: inout ByteWriter) {
        Self.encodeHeaders(into: &w, downlink: downlink, timing: timing, symbol: symbol, numPRBs: numPRBs, pcId: pcId,
                           sequence: sequence)
        frame.encode(into: &w)
    }

    /// Writes the eCPRI + O-RAN U-plane headers; the caller appends the air frame bytes.
    public static func encodeHeaders(into w: inout ByteWriter, downlink: Bool, timing: FrameTiming, symbol: UInt8 = 0,
                                     numPRBs: Int, pcId: UInt16 = 0, sequence: UInt8) {
        ECPRI.encodeHeader(into: &w, messageType: ECPRI.messageTypeIQData, payloadSize: 4 + 4 + 4 + numPRBs * 48,
                           pcId: pcId, sequence: sequence)
        w.u8((downlink ? 0x80 : 0) | 0x10)
        w.u8(timing.frameId)
        w.u16(UInt16(timing.subframeId & 0x0F) << 12 | UInt16(timing.slotId & 0x3F) << 6 | UInt16(symbol & 0x3F))
        w.u24(0)                                        // sectionId 0, rb 0, symInc 0, startPrbu 0
        w.u8(numPRBs > 255 ? 0 : UInt8(numPRBs))        // 0 = all PRBs of the carrier
    }

    /// Reads the headers and leaves `r` at the air frame.
    public static func decodeHeaders(from r: inout ByteReader) throws(WireDecodeError) -> (downlink: Bool, timing: FrameTiming, symbol: UInt8, numPRBs: Int, pcId: UInt16, sequence: UInt8) {
        let (_, pc, seq) = try ECPRI.decodeHeader(from: &r, expecting: ECPRI.messageTypeIQData)
        let b0 = try r.u8("oran.direction")
        let frame = try r.u8("oran.frame")
        let t = try r.u16("oran.timing")
        _ = try r.u24("section.id_startprb")
        let num = Int(try r.u8("section.numprb"))
        return (b0 & 0x80 != 0, FrameTiming(frameId: frame, subframeId: UInt8(t >> 12), slotId: UInt8((t >> 6) & 0x3F)),
                UInt8(t & 0x3F), num, pc, seq)
    }

    public static func decode(from r: inout ByteReader, carrierPRBs: Int) throws(WireDecodeError) -> UserPlaneMessage {
        let h = try decodeHeaders(from: &r)
        let air = try AirFrame.decode(from: &r)
        return UserPlaneMessage(downlink: h.downlink, timing: h.timing, symbol: h.symbol,
                                numPRBs: h.numPRBs == 0 ? carrierPRBs : h.numPRBs, pcId: h.pcId, sequence: h.sequence,
                                frame: air)
    }
}
