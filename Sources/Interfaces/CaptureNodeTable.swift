/// Which node index is which node: the first frame of every capture.pcap, so that a capture
/// names its nodes on its own (tools/wireshark/b5g.lua reads it; nothing else travels with the file).
///
/// A REPORT unit of type 6 from the launcher to itself (source and destination `0xFFFF`), slot 0,
/// sequence 0, framed like any unit on UDP 37710. Node `index` is the node's position in the
/// scenario's `nodes` list: the index in common headers, MAC `02:00` + (index + 1) as 4 bytes,
/// IPv4 10.100.0.0 + (index + 1). JSON, keys sorted:
/// `{"nodes":[{"index":0,"name":"core1","role":"core","vendor":"acme"},...],"scenario":"quickstart"}`.
public struct CaptureNodeTable: ControlMessage {
    public static let interface = InterfaceID.report
    public static let messageType: UInt8 = 6
    /// The launcher's index in common headers (`0xFFFF`, the report destination).
    public static let launcher: UInt16 = 0xFFFF

    public struct Node: Codable, Sendable, Equatable {
        public var index: UInt16
        public var name: String
        /// `core`, `cu`, `du`, `ru`, `channel`, `ue`, `orchestrator`.
        public var role: String
        /// Absent for roles without a vendor profile (channel, ue, orchestrator).
        public var vendor: String?
        public init(index: UInt16, name: String, role: String, vendor: String?) {
            self.index = index; self.name = name; self.role = role; self.vendor = vendor
        }
    }

    public var scenario: String
    public var nodes: [Node]

    public init(scenario: String, nodes: [Node]) { self.scenario = scenario; self.nodes = nodes }

    /// The table as a capture record, ready to be the file's first frame.
    public var captureRecord: CaptureFraming.Record {
        var w = ByteWriter()
        appendUnit(to: &w, interface: Self.interface, messageType: Self.messageType, source: Self.launcher,
                   destination: Self.launcher, slot: 0, sequence: 0) { $0.append(contentsOf: ControlCodec.encode(self)) }
        let unit = w.bytes
        let header = WireHeader(interface: Self.interface, messageType: Self.messageType, sourceNode: Self.launcher,
                                destinationNode: Self.launcher, slot: 0, sequence: 0,
                                payloadLength: UInt32(unit.count - WireHeader.size))
        return CaptureFraming.frame(header: header, payload: unit[WireHeader.size...], unitBytes: unit[...])
    }
}
