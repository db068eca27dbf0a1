import Interfaces
import Report
import Scenario

/// CU-CP (UE contexts, RRC relay, NG and F1 procedures) and CU-UP (PDCP-like sequence
/// numbering between N3 and F1-U).
public final class CUNode: NodeBehavior {
    struct UEContext {
        var ue: UInt32
        var duLink: Int
        var ueIPv4: UInt32 = 0
        var coreUplinkTEID: UInt32 = 0
        var duDownlinkTEID: UInt32 = 0
        var downlinkPDCPNumber: UInt16 = 0
        var nextUplinkSequence: UInt32 = 0
        var uplinkOutOfOrder: UInt64 = 0
    }

    private let coreName: String
    private var ngSetUp = false
    private var setUpDUs: Set<String> = []
    private let expectedDUs: Set<String>
    private var contexts: [UInt32: UEContext] = [:]

    public init(topology: Topology, nodeName: String) {
        coreName = topology.node(nodeName)?.core ?? ""
        expectedDUs = Set(topology.scenario.nodes.filter { $0.role == .du && $0.cu == nodeName }.map(\.name))
    }

    public var isSetUp: Bool { ngSetUp && setUpDUs == expectedDUs }

    public func sendSetupRequests(_ io: NodeIO) {
        guard !ngSetUp, let link = io.link(to: coreName) else { return }
        io.send(link: link, NGSetupRequest(ranNode: io.nodeName, vendor: io.vendor.name, versions: io.vendor.ngVersions))
    }

    public func handleSetup(_ unit: WireUnit, _ io: NodeIO) throws(SetupProcedureError) {
        switch (unit.header.interface, unit.header.messageType) {
        case (.ngControl, SetupMessageType.response):
            ngSetUp = true
        case (.ngControl, SetupMessageType.failure):
            if let m = decodeControl(NGSetupFailure.self, unit, io) { throw SetupProcedureError(m.failure) }
        case (.f1Control, SetupMessageType.request):
            guard let m = decodeControl(F1SetupRequest.self, unit, io), let link = io.link(to: m.duNode) else { return }
            let mine = io.vendor
            var failure: SetupFailure?
            if let version = negotiateVersion(offered: m.versions, supported: mine.f1Versions) {
                let ues = io.topology.ues.filter { m.servedCells.map(\.name).contains(io.scenario.cells[$0.cell].name) }.count
                if ues > mine.maxUEs {
                    failure = SetupFailure(procedure: "F1 Setup", initiator: m.duNode, initiatorVendor: m.vendor,
                                           responder: io.nodeName, responderVendor: mine.name, field: "maxUEs",
                                           detail: "\(m.duNode)'s cells carry \(ues) UEs, \(io.nodeName) supports \(mine.maxUEs)")
                } else {
                    io.send(link: link, F1SetupResponse(cuNode: io.nodeName, vendor: mine.name, version: version,
                                                        activatedCells: m.servedCells.map(\.name)))
                    setUpDUs.insert(m.duNode)
                }
            } else {
                failure = SetupFailure(procedure: "F1 Setup", initiator: m.duNode, initiatorVendor: m.vendor,
                                       responder: io.nodeName, responderVendor: mine.name, field: "f1Versions",
                                       detail: "\(m.duNode) offers \(m.versions), \(io.nodeName) supports \(mine.f1Versions)")
            }
            if let failure {
                io.send(link: link, F1SetupFailure(failure: failure))
                throw SetupProcedureError(failure)
            }
        default:
            break
        }
    }

    public func handle(_ unit: WireUnit, _ io: NodeIO) {
        switch (unit.header.interface, unit.header.messageType) {
        case (.f1Control, InitialULRRCMessageTransfer.messageType):
            guard let m = decodeControl(InitialULRRCMessageTransfer.self, unit, io),
                  let du = io.peerName(ofIndex: unit.header.sourceNode), let duLink = io.link(to: du),
                  let coreLink = io.link(to: coreName), let supi = m.rrc.supi else { return }
            contexts[m.duUeId] = UEContext(ue: m.duUeId, duLink: duLink)
            io.send(link: coreLink, InitialUEMessage(ranUeId: m.duUeId, supi: supi, cell: m.cell))
        case (.ngControl, PDUSessionResourceSetupRequest.messageType):
            guard let m = decodeControl(PDUSessionResourceSetupRequest.self, unit, io), var c = contexts[m.ranUeId] else { return }
            c.ueIPv4 = m.ueIPv4
            c.coreUplinkTEID = m.uplinkTEID
            contexts[m.ranUeId] = c
            let rrc = RRCMessage(kind: .reconfiguration, ueId: m.ranUeId, ueIPv4: m.ueIPv4)
            io.send(link: c.duLink, UEContextSetupRequest(duUeId: m.ranUeId, cuUeId: m.ranUeId,
                                                          uplinkTEID: TEIDPlan.cuUplink(m.ranUeId), rrc: rrc))
        case (.f1Control, UEContextSetupResponse.messageType):
            guard let m = decodeControl(UEContextSetupResponse.self, unit, io), var c = contexts[m.duUeId],
                  let coreLink = io.link(to: coreName) else { return }
            c.duDownlinkTEID = m.downlinkTEID
            contexts[m.duUeId] = c
            io.send(link: coreLink, PDUSessionResourceSetupResponse(ranUeId: m.duUeId, amfUeId: m.duUeId,
                                                                     downlinkTEID: TEIDPlan.cuDownlink(m.duUeId)))
        case (.ngUser, UserPlaneMessageType.gpdu):
            var r = ByteReader(Array(unit.payload))
            guard let gtp = try? GTPUPacket.decode(from: &r), var c = contexts[gtp.packet.ueId],
                  gtp.teid == TEIDPlan.cuDownlink(c.ue) else { io.counters.decodeErrors += 1; return }
            let f1 = GTPUPacket(teid: c.duDownlinkTEID, pdcpNumber: c.downlinkPDCPNumber, packet: gtp.packet)
            c.downlinkPDCPNumber &+= 1
            contexts[gtp.packet.ueId] = c
            io.send(link: c.duLink, interface: .f1User, messageType: UserPlaneMessageType.gpdu,
                    flags: WireHeader.flagSyntheticPayload) { f1.encode(into: &$0) }
        case (.f1User, UserPlaneMessageType.gpdu):
            var r = ByteReader(Array(unit.payload))
            guard let gtp = try? GTPUPacket.decode(from: &r), var c = contexts[gtp.packet.ueId],
                  gtp.teid == TEIDPlan.cuUplink(c.ue), let coreLink = io.link(to: coreName) else {
                io.counters.decodeErrors += 1; return
            }
            // PDCP delivers in order; HARQ can reorder SDUs, which we count rather than hold back.
            if gtp.packet.sequence < c.nextUplinkSequence { c.uplinkOutOfOrder += 1 }
            c.nextUplinkSequence = max(c.nextUplinkSequence, gtp.packet.sequence &+ 1)
            contexts[gtp.packet.ueId] = c
            let n3 = GTPUPacket(teid: c.coreUplinkTEID, packet: gtp.packet)
            io.send(link: coreLink, interface: .ngUser, messageType: UserPlaneMessageType.gpdu,
                    flags: WireHeader.flagSyntheticPayload) { n3.encode(into: &$0) }
        default:
            io.counters.decodeErrors += 1
        }
    }

    public func runSlot(_ io: NodeIO) {}

    public func fillReport(_ report: inout NodeReport) {}
}
