import Foundation

/// A control-plane message: a JSON object (UTF-8, keys sorted) after the common header.
///
/// Each message has a fixed (interface, message type) pair; the JSON field names are the
/// schema, documented in docs/interfaces.md so that a node can be written in any language.
public protocol ControlMessage: Codable, Sendable, Equatable {
    static var interface: InterfaceID { get }
    static var messageType: UInt8 { get }
}

public enum ControlCodec {
    public static func encode<M: ControlMessage>(_ message: M) -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        // Control structs hold only strings, numbers, arrays and nested structs: encoding cannot fail.
        return Array((try? encoder.encode(message)) ?? Data("{}".utf8))
    }

    public static func decode<M: ControlMessage>(_ type: M.Type, from body: ArraySlice<UInt8>) throws(WireDecodeError) -> M {
        do {
            return try JSONDecoder().decode(M.self, from: Data(body))
        } catch {
            throw .badControlBody("\(M.self): \(error)")
        }
    }
}

/// Message types shared by every setup procedure: request 1, response 2, failure 3.
public enum SetupMessageType {
    public static let request: UInt8 = 1
    public static let response: UInt8 = 2
    public static let failure: UInt8 = 3
}

/// Why a setup procedure failed, naming both ends and the field that did not match.
public struct SetupFailure: Codable, Sendable, Equatable, CustomStringConvertible {
    public var procedure: String
    public var initiator: String
    public var initiatorVendor: String
    public var responder: String
    public var responderVendor: String
    /// The capability field that did not match, e.g. `f1Versions`, `maxPRBs`.
    public var field: String
    public var detail: String

    public init(procedure: String, initiator: String, initiatorVendor: String, responder: String,
                responderVendor: String, field: String, detail: String) {
        self.procedure = procedure; self.initiator = initiator; self.initiatorVendor = initiatorVendor
        self.responder = responder; self.responderVendor = responderVendor; self.field = field; self.detail = detail
    }

    public var description: String {
        "\(procedure) failed between \(initiator) (vendor \(initiatorVendor)) and \(responder) (vendor \(responderVendor)): \(field): \(detail)"
    }
}

// MARK: NG (CU <-> core)

public struct NGSetupRequest: ControlMessage {
    public static let interface = InterfaceID.ngControl
    public static let messageType = SetupMessageType.request
    public var ranNode: String
    public var vendor: String
    public var versions: [Int]
    public init(ranNode: String, vendor: String, versions: [Int]) {
        self.ranNode = ranNode; self.vendor = vendor; self.versions = versions
    }
}

public struct NGSetupResponse: ControlMessage {
    public static let interface = InterfaceID.ngControl
    public static let messageType = SetupMessageType.response
    public var amfNode: String
    public var vendor: String
    public var version: Int
    public init(amfNode: String, vendor: String, version: Int) { self.amfNode = amfNode; self.vendor = vendor; self.version = version }
}

public struct NGSetupFailure: ControlMessage {
    public static let interface = InterfaceID.ngControl
    public static let messageType = SetupMessageType.failure
    public var failure: SetupFailure
    public init(failure: SetupFailure) { self.failure = failure }
}

/// CU -> core: a UE asks to register (carries the NAS Registration Request).
public struct InitialUEMessage: ControlMessage {
    public static let interface = InterfaceID.ngControl
    public static let messageType: UInt8 = 4
    public var ranUeId: UInt32
    public var supi: String
    public var cell: String
    public init(ranUeId: UInt32, supi: String, cell: String) { self.ranUeId = ranUeId; self.supi = supi; self.cell = cell }
}

/// Core -> CU: the UE is registered; set up its PDU session.
public struct PDUSessionResourceSetupRequest: ControlMessage {
    public static let interface = InterfaceID.ngControl
    public static let messageType: UInt8 = 5
    public var ranUeId: UInt32
    public var amfUeId: UInt32
    public var ueIPv4: UInt32
    /// TEID of the core's N3 endpoint for uplink packets.
    public var uplinkTEID: UInt32
    public init(ranUeId: UInt32, amfUeId: UInt32, ueIPv4: UInt32, uplinkTEID: UInt32) {
        self.ranUeId = ranUeId; self.amfUeId = amfUeId; self.ueIPv4 = ueIPv4; self.uplinkTEID = uplinkTEID
    }
}

public struct PDUSessionResourceSetupResponse: ControlMessage {
    public static let interface = InterfaceID.ngControl
    public static let messageType: UInt8 = 6
    public var ranUeId: UInt32
    public var amfUeId: UInt32
    /// TEID of the CU's N3 endpoint for downlink packets.
    public var downlinkTEID: UInt32
    public init(ranUeId: UInt32, amfUeId: UInt32, downlinkTEID: UInt32) {
        self.ranUeId = ranUeId; self.amfUeId = amfUeId; self.downlinkTEID = downlinkTEID
    }
}

// MARK: F1 (DU <-> CU)

public struct ServedCell: Codable, Sendable, Equatable {
    public var name: String
    public var prbs: Int
    public var numerology: Int
    public init(name: String, prbs: Int, numerology: Int) { self.name = name; self.prbs = prbs; self.numerology = numerology }
}

public struct F1SetupRequest: ControlMessage {
    public static let interface = InterfaceID.f1Control
    public static let messageType = SetupMessageType.request
    public var duNode: String
    public var vendor: String
    public var versions: [Int]
    public var servedCells: [ServedCell]
    public var maxUEs: Int
    public init(duNode: String, vendor: String, versions: [Int], servedCells: [ServedCell], maxUEs: Int) {
        self.duNode = duNode; self.vendor = vendor; self.versions = versions; self.servedCells = servedCells; self.maxUEs = maxUEs
    }
}

public struct F1SetupResponse: ControlMessage {
    public static let interface = InterfaceID.f1Control
    public static let messageType = SetupMessageType.response
    public var cuNode: String
    public var vendor: String
    public var version: Int
    public var activatedCells: [String]
    public init(cuNode: String, vendor: String, version: Int, activatedCells: [String]) {
        self.cuNode = cuNode; self.vendor = vendor; self.version = version; self.activatedCells = activatedCells
    }
}

public struct F1SetupFailure: ControlMessage {
    public static let interface = InterfaceID.f1Control
    public static let messageType = SetupMessageType.failure
    public var failure: SetupFailure
    public init(failure: SetupFailure) { self.failure = failure }
}

/// DU -> CU: the first RRC message of a UE (RRC Setup Request with its NAS registration).
public struct InitialULRRCMessageTransfer: ControlMessage {
    public static let interface = InterfaceID.f1Control
    public static let messageType: UInt8 = 4
    public var duUeId: UInt32
    public var cell: String
    public var rrc: RRCMessage
    public init(duUeId: UInt32, cell: String, rrc: RRCMessage) { self.duUeId = duUeId; self.cell = cell; self.rrc = rrc }
}

/// CU -> DU: create the UE's context and bearer; carries the RRC Reconfiguration for the UE.
/// In an inter-DU handover `targetCell` names the cell that admits the UE; the RRC then goes to
/// the UE through the source DU (``UEContextModificationRequest``), not from this one.
public struct UEContextSetupRequest: ControlMessage {
    public static let interface = InterfaceID.f1Control
    public static let messageType: UInt8 = 5
    public var duUeId: UInt32
    public var cuUeId: UInt32
    /// TEID of the CU-UP's F1-U endpoint for uplink packets.
    public var uplinkTEID: UInt32
    public var rrc: RRCMessage
    public var targetCell: String?
    public init(duUeId: UInt32, cuUeId: UInt32, uplinkTEID: UInt32, rrc: RRCMessage, targetCell: String? = nil) {
        self.duUeId = duUeId; self.cuUeId = cuUeId; self.uplinkTEID = uplinkTEID; self.rrc = rrc; self.targetCell = targetCell
    }
}

public struct UEContextSetupResponse: ControlMessage {
    public static let interface = InterfaceID.f1Control
    public static let messageType: UInt8 = 6
    public var duUeId: UInt32
    public var cuUeId: UInt32
    /// TEID of the DU's F1-U endpoint for downlink packets.
    public var downlinkTEID: UInt32
    public init(duUeId: UInt32, cuUeId: UInt32, downlinkTEID: UInt32) {
        self.duUeId = duUeId; self.cuUeId = cuUeId; self.downlinkTEID = downlinkTEID
    }
}

/// CU -> source DU in an inter-DU handover (TS 38.401 clause 8.2.1.1, modification and release
/// in one): send `rrc` (a reconfiguration naming the target cell) to the UE, stop its data and
/// release its context. Downlink SDUs still queued there are discarded and counted.
public struct UEContextModificationRequest: ControlMessage {
    public static let interface = InterfaceID.f1Control
    public static let messageType: UInt8 = 7
    public var duUeId: UInt32
    public var rrc: RRCMessage
    public init(duUeId: UInt32, rrc: RRCMessage) { self.duUeId = duUeId; self.rrc = rrc }
}

/// DU -> CU: the DU moved a UE between two of its own cells (steering); the CU's view follows.
public struct UEContextModificationRequired: ControlMessage {
    public static let interface = InterfaceID.f1Control
    public static let messageType: UInt8 = 8
    public var duUeId: UInt32
    public var cell: String
    public init(duUeId: UInt32, cell: String) { self.duUeId = duUeId; self.cell = cell }
}

// MARK: Fronthaul management (DU <-> RU)

public struct FronthaulSetupRequest: ControlMessage {
    public static let interface = InterfaceID.fronthaulManagement
    public static let messageType = SetupMessageType.request
    public var duNode: String
    public var vendor: String
    public var versions: [Int]
    public var cell: String
    public var prbs: Int
    public var numerology: Int
    public var compression: String
    public init(duNode: String, vendor: String, versions: [Int], cell: String, prbs: Int, numerology: Int, compression: String) {
        self.duNode = duNode; self.vendor = vendor; self.versions = versions; self.cell = cell; self.prbs = prbs
        self.numerology = numerology; self.compression = compression
    }
}

public struct FronthaulSetupResponse: ControlMessage {
    public static let interface = InterfaceID.fronthaulManagement
    public static let messageType = SetupMessageType.response
    public var ruNode: String
    public var vendor: String
    public var version: Int
    public init(ruNode: String, vendor: String, version: Int) { self.ruNode = ruNode; self.vendor = vendor; self.version = version }
}

public struct FronthaulSetupFailure: ControlMessage {
    public static let interface = InterfaceID.fronthaulManagement
    public static let messageType = SetupMessageType.failure
    public var failure: SetupFailure
    public init(failure: SetupFailure) { self.failure = failure }
}

// MARK: Air (RU / UE node <-> channel)

/// RU or UE node -> channel: attach to the air. The channel answers with `AirSetupResponse`.
public struct AirSetupRequest: ControlMessage {
    public static let interface = InterfaceID.air
    public static let messageType = SetupMessageType.request
    public var node: String
    public var role: String
    public init(node: String, role: String) { self.node = node; self.role = role }
}

public struct AirSetupResponse: ControlMessage {
    public static let interface = InterfaceID.air
    public static let messageType = SetupMessageType.response
    public var channelNode: String
    public init(channelNode: String) { self.channelNode = channelNode }
}

/// Air message types carrying a binary `AirFrame`.
public enum AirMessageType {
    public static let downlinkFrame: UInt8 = 16
    public static let uplinkFrame: UInt8 = 17
}

/// Fronthaul message types on the C- and U-plane interfaces.
public enum FronthaulMessageType {
    public static let downlink: UInt8 = 1
    public static let uplink: UInt8 = 2
}

/// GTP-U message type on NG-U / F1-U.
public enum UserPlaneMessageType {
    public static let gpdu: UInt8 = 0xFF
}

/// Virtual-time protocol: "I have sent everything for slots up to and including header.slot".
public enum SyncMessageType {
    public static let endOfWindow: UInt8 = 1
    /// From a node started again after a restart fault: the peer sends what it held for it,
    /// with an end-of-window marker for the last slot it has run.
    public static let restarted: UInt8 = 2
}

/// RRC (with NAS) between a UE and its CU, relayed by the DU.
public struct RRCMessage: Codable, Sendable, Equatable {
    public enum Kind: String, Codable, Sendable { case setupRequest, reconfiguration, release }
    public var kind: Kind
    public var ueId: UInt32
    public var supi: String?
    public var ueIPv4: UInt32?
    /// In a reconfiguration that moves the UE: its new serving cell (scenario cell index).
    public var cell: UInt16?
    public init(kind: Kind, ueId: UInt32, supi: String? = nil, ueIPv4: UInt32? = nil, cell: UInt16? = nil) {
        self.kind = kind; self.ueId = ueId; self.supi = supi; self.ueIPv4 = ueIPv4; self.cell = cell
    }

    public func encoded() -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return Array((try? encoder.encode(self)) ?? Data())
    }

    public static func decode(_ body: [UInt8]) throws(WireDecodeError) -> RRCMessage {
        do { return try JSONDecoder().decode(RRCMessage.self, from: Data(body)) } catch { throw .badControlBody("RRC: \(error)") }
    }
}
