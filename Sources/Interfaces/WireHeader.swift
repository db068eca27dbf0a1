/// The open interface a message belongs to. Values are on the wire; never renumber.
public enum InterfaceID: UInt8, Sendable, CaseIterable, CustomStringConvertible {
    /// NG control plane (N2, CU <-> core): setup, registration, PDU sessions. JSON body.
    case ngControl = 1
    /// NG user plane (N3, CU <-> core): GTP-U.
    case ngUser = 2
    /// F1 control plane (CU <-> DU). JSON body.
    case f1Control = 3
    /// F1 user plane (CU <-> DU): GTP-U with the PDCP PDU number extension.
    case f1User = 4
    /// Fronthaul management (DU <-> RU setup, M-plane role). JSON body.
    case fronthaulManagement = 5
    /// Fronthaul C-plane (DU -> RU): eCPRI real-time control, O-RAN section type 1.
    case fronthaulControl = 6
    /// Fronthaul U-plane (DU <-> RU): eCPRI IQ data with O-RAN U-plane headers.
    case fronthaulUser = 7
    /// Air interface (RU <-> channel <-> UE): emulated radio transmissions.
    case air = 8
    /// End-of-window markers of the virtual-time protocol.
    case sync = 9
    /// Node -> launcher: readiness, progress, results, capture records. JSON or binary body.
    case report = 10
    /// E2-like (nodes <-> orchestrator): setup, KPM indications, RC control. JSON body.
    case e2 = 11

    public var description: String {
        switch self {
        case .ngControl: "NG-C"
        case .ngUser: "NG-U"
        case .f1Control: "F1-C"
        case .f1User: "F1-U"
        case .fronthaulManagement: "FH-M"
        case .fronthaulControl: "FH-C"
        case .fronthaulUser: "FH-U"
        case .air: "AIR"
        case .sync: "SYNC"
        case .report: "REPORT"
        case .e2: "E2"
        }
    }
}

/// The common header on every message of every interface (28 bytes, network byte order).
///
/// ```
///  0  magic 0x42 0x35 ("B5")      2  version (1)       3  interface
///  4  message type                5  flags             6  source node
///  8  destination node           10  reserved (0)     12  slot (u64)
/// 20  sequence (u32)             24  payload length (u32)
/// ```
/// `slot` is the slot in which the receiver handles the message (send slot + link delay).
/// Several header+payload units may follow each other in one transport message.
public struct WireHeader: Equatable, Sendable {
    public static let size = 28
    public static let magic: UInt16 = 0x4235
    public static let currentVersion: UInt8 = 1

    /// Flag: the payload declares more bytes (GTP-U/IP lengths) than it carries; the
    /// synthetic remainder is implied zeros and is never put on the wire.
    public static let flagSyntheticPayload: UInt8 = 0x01
    /// A setup message sent during the run (a restarted node setting up again): handled in its
    /// slot like any other unit, not on arrival, so a run replays exactly.
    public static let flagInRunSetup: UInt8 = 0x02

    public var version: UInt8
    public var interface: InterfaceID
    public var messageType: UInt8
    public var flags: UInt8
    public var sourceNode: UInt16
    public var destinationNode: UInt16
    public var slot: UInt64
    public var sequence: UInt32
    public var payloadLength: UInt32

    public init(interface: InterfaceID, messageType: UInt8, flags: UInt8 = 0, sourceNode: UInt16,
                destinationNode: UInt16, slot: UInt64, sequence: UInt32, payloadLength: UInt32,
                version: UInt8 = WireHeader.currentVersion) {
        self.version = version; self.interface = interface; self.messageType = messageType; self.flags = flags
        self.sourceNode = sourceNode; self.destinationNode = destinationNode; self.slot = slot
        self.sequence = sequence; self.payloadLength = payloadLength
    }

    public func encode(into w: inout ByteWriter) {
        w.u16(Self.magic); w.u8(version); w.u8(interface.rawValue); w.u8(messageType); w.u8(flags)
        w.u16(sourceNode); w.u16(destinationNode); w.u16(0); w.u64(slot); w.u32(sequence); w.u32(payloadLength)
    }

    /// Decodes a header and checks that its payload is present.
    public static func decode(from r: inout ByteReader) throws(WireDecodeError) -> WireHeader {
        let magic = try r.u16("magic")
        guard magic == Self.magic else { throw .badMagic(magic) }
        let version = try r.u8("version")
        guard version == Self.currentVersion else { throw .unsupportedVersion(version) }
        let rawInterface = try r.u8("interface")
        guard let interface = InterfaceID(rawValue: rawInterface) else { throw .unknownInterface(rawInterface) }
        let type = try r.u8("messageType")
        let flags = try r.u8("flags")
        let source = try r.u16("sourceNode")
        let destination = try r.u16("destinationNode")
        _ = try r.u16("reserved")
        let slot = try r.u64("slot")
        let sequence = try r.u32("sequence")
        let length = try r.u32("payloadLength")
        guard Int(length) <= r.remaining else { throw .lengthMismatch(declared: Int(length), available: r.remaining) }
        return WireHeader(interface: interface, messageType: type, flags: flags, sourceNode: source,
                          destinationNode: destination, slot: slot, sequence: sequence, payloadLength: length,
                          version: version)
    }
}

/// One decoded unit: its header and where its payload sits in the received bytes.
public struct WireUnit: Sendable {
    public var header: WireHeader
    public var payload: ArraySlice<UInt8>
    public init(header: WireHeader, payload: ArraySlice<UInt8>) { self.header = header; self.payload = payload }
}

/// Splits a received transport message into its header+payload units.
///
/// Decoding stops at the first malformed unit: the units before it are returned with the error,
/// so a receiver keeps what was good and counts the rest as one decode error.
public func decodeUnits(_ bytes: [UInt8]) -> (units: [WireUnit], error: WireDecodeError?) {
    var units: [WireUnit] = []
    var r = ByteReader(bytes)
    while r.remaining > 0 {
        do {
            let header = try WireHeader.decode(from: &r)
            let payload = try r.take(Int(header.payloadLength), "payload")
            units.append(WireUnit(header: header, payload: payload))
        } catch {
            return (units, error)
        }
    }
    return (units, nil)
}

/// Appends one unit (header + payload) to a batch being built for a peer.
public func appendUnit(to w: inout ByteWriter, interface: InterfaceID, messageType: UInt8, flags: UInt8 = 0,
                       source: UInt16, destination: UInt16, slot: UInt64, sequence: UInt32,
                       payload: (inout ByteWriter) -> Void) {
    let start = w.count
    WireHeader(interface: interface, messageType: messageType, flags: flags, sourceNode: source,
               destinationNode: destination, slot: slot, sequence: sequence, payloadLength: 0).encode(into: &w)
    let bodyStart = w.count
    payload(&w)
    w.patchU32(at: start + 24, UInt32(w.count - bodyStart))
}
