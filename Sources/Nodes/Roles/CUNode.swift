import Interfaces
import Report
import Scenario

/// CU-CP (UE contexts, RRC relay, NG and F1 procedures) and CU-UP (PDCP-like sequence
/// numbering between N3 and F1-U). A cu with a `server` is a vCU: its user plane waits for
/// the cores it has (``VCUProcessor``), reports over E2 and takes `setVCUCores`.
public final class CUNode: NodeBehavior {
    /// A user-plane packet waiting for the vCU: N3 downlink or F1-U uplink, already checked.
    enum UserPlaneWork {
        case downlink(UserPacket)
        case uplink(UserPacket)
    }

    struct UEContext {
        var ue: UInt32
        var duLink: Int
        /// Serving cell as the CU last heard it.
        var cell: String
        /// An inter-DU handover in progress: the target cell, its DU's link and the slot it began.
        var handover: (cell: String, duLink: Int, slot: UInt64)?
        /// The DU before the last inter-DU handover: its uplink still in flight is accepted.
        var previousDULink: Int?
        var ueIPv4: UInt32 = 0
        var coreUplinkTEID: UInt32 = 0
        var duDownlinkTEID: UInt32 = 0
        var downlinkPDCPNumber: UInt16 = 0
        var nextUplinkSequence: UInt32 = 0
        var uplinkOutOfOrder: UInt64 = 0
        var uplinkPDCP = PDCPDuplicateFilter()
        /// The PDU session is up with the core (it survives the UE's DU restarting).
        var sessionUp = false
        /// The UE's DU restarted (F1 Setup again): its F1 context is gone until the UE attaches
        /// again; downlink for it is dropped meanwhile.
        var f1Released = false
    }

    private let coreName: String
    private var ngSetUp = false
    /// The NG Setup Request this CU sends (from the scenario, on the first attempt).
    private var ngOffer: SetupOffer?
    private var setUpDUs: Set<String> = []
    private let expectedDUs: Set<String>
    private var contexts: [UInt32: UEContext] = [:]
    private var vcu: VCUProcessor<UserPlaneWork>?
    private var e2: E2Agent?

    public init(topology: Topology, nodeName: String) {
        coreName = topology.node(nodeName)?.core ?? ""
        expectedDUs = Set(topology.scenario.nodes.filter { $0.role == .du && $0.cu == nodeName }.map(\.name))
        if let compute = topology.computeModel(of: nodeName) {
            vcu = VCUProcessor(compute: compute, cores: topology.initialCores(of: nodeName) ?? 1,
                               slotDurationUs: topology.numerology.slotDurationUs,
                               frequencyScale: topology.frequencyScale(ofServer: topology.node(nodeName)?.server))
        }
    }

    public var isSetUp: Bool { ngSetUp && setUpDUs == expectedDUs }

    /// NG Setup towards the core, once the CU's vendor can hold the UEs of its DUs' cells.
    public func sendSetupRequests(_ io: NodeIO) throws(SetupProcedureError) {
        guard !ngSetUp, let link = io.link(to: coreName) else { return }
        if ngOffer == nil { ngOffer = io.setupOffers.first { $0.procedure == .ngSetup } }
        guard let offer = ngOffer else { return }
        try io.checkOwnCapabilities([offer])
        io.send(link: link, NGSetupRequest(offer))
    }

    public func handleSetup(_ unit: WireUnit, _ io: NodeIO) throws(SetupProcedureError) {
        switch (unit.header.interface, unit.header.messageType) {
        case (.ngControl, SetupMessageType.response):
            guard let m = decodeControl(NGSetupResponse.self, unit, io) else { return }
            try io.checkAnswer(ngOffer, chosenVersion: m.version)
            ngSetUp = true
        case (.ngControl, SetupMessageType.failure):
            if let m = decodeControl(NGSetupFailure.self, unit, io) { throw SetupProcedureError(m.failure) }
        case (.f1Control, SetupMessageType.request):
            // A common version; served cells this CU's vendor supports; the DU's UE contexts for the UEs of its cells.
            guard let m = decodeControl(F1SetupRequest.self, unit, io), let link = io.link(to: m.duNode) else { return }
            let offer = m.offer(to: io.setupEnd)
            if let failure = io.checkRequest(offer) {
                io.send(link: link, F1SetupFailure(failure: failure))
                throw SetupProcedureError(failure)
            }
            let version = CapabilityCheck.negotiatedVersion(offered: offer.versions, supported: io.vendor.f1Versions) ?? 0
            io.send(link: link, F1SetupResponse(cuNode: io.nodeName, vendor: io.vendor.name, version: version,
                                                activatedCells: m.servedCells.map(\.name)))
            setUpDUs.insert(m.duNode)
            // F1 Setup while the run goes on: the DU restarted, and every UE context it had is gone.
            if unit.header.flags & WireHeader.flagInRunSetup != 0 { releaseContexts(ofDULink: link, io) }
        default:
            break
        }
    }

    public func handle(_ unit: WireUnit, _ io: NodeIO) {
        if e2 == nil { e2 = E2Agent(io: io) }
        if e2?.handle(unit, io) == true { return }
        switch (unit.header.interface, unit.header.messageType) {
        case (.f1Control, InitialULRRCMessageTransfer.messageType):
            guard let m = decodeControl(InitialULRRCMessageTransfer.self, unit, io),
                  let du = io.peerName(ofIndex: unit.header.sourceNode), let duLink = io.link(to: du),
                  let coreLink = io.link(to: coreName), let supi = m.rrc.supi else { return }
            if var c = contexts[m.duUeId], c.sessionUp {
                // Attaching again after its DU restarted: the core still has the session, so
                // only the F1 context is set up again.
                c.duLink = duLink
                c.cell = m.cell
                c.handover = nil
                contexts[m.duUeId] = c
                let rrc = RRCMessage(kind: .reconfiguration, ueId: m.duUeId, ueIPv4: c.ueIPv4)
                io.send(link: duLink, UEContextSetupRequest(duUeId: m.duUeId, cuUeId: m.duUeId,
                                                            uplinkTEID: TEIDPlan.cuUplink(m.duUeId), rrc: rrc))
                return
            }
            contexts[m.duUeId] = UEContext(ue: m.duUeId, duLink: duLink, cell: m.cell)
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
            if let handover = c.handover {
                completeHandover(&c, to: handover, downlinkTEID: m.downlinkTEID, io)
                contexts[m.duUeId] = c
                return
            }
            c.duDownlinkTEID = m.downlinkTEID
            let again = c.sessionUp
            c.sessionUp = true
            c.f1Released = false
            contexts[m.duUeId] = c
            if again { return }
            io.send(link: coreLink, PDUSessionResourceSetupResponse(ranUeId: m.duUeId, amfUeId: m.duUeId,
                                                                     downlinkTEID: TEIDPlan.cuDownlink(m.duUeId)))
        case (.f1Control, UEContextModificationRequired.messageType):
            guard let m = decodeControl(UEContextModificationRequired.self, unit, io), contexts[m.duUeId] != nil else { return }
            contexts[m.duUeId]?.cell = m.cell
        case (.ngUser, UserPlaneMessageType.gpdu):
            var r = ByteReader(unit.payload)
            guard let gtp = try? GTPUPacket.decode(from: &r) else { io.counters.decodeErrors += 1; return }
            // From this CU's core only.
            guard let c = contexts[gtp.packet.ueId], gtp.teid == TEIDPlan.cuDownlink(c.ue),
                  let coreLink = io.link(to: coreName), io.link(of: unit) == coreLink else {
                io.refuseUnknownTEID(gtp.teid, ue: gtp.packet.ueId, unit)
                return
            }
            process(.downlink(gtp.packet), io)
        case (.f1User, UserPlaneMessageType.gpdu):
            var r = ByteReader(unit.payload)
            guard let gtp = try? GTPUPacket.decode(from: &r) else { io.counters.decodeErrors += 1; return }
            // From the UE's DU only (during and just after an inter-DU handover: either DU).
            let from = io.link(of: unit)
            guard let c = contexts[gtp.packet.ueId], gtp.teid == TEIDPlan.cuUplink(c.ue), io.link(to: coreName) != nil,
                  from == c.duLink || from == c.handover?.duLink || from == c.previousDULink else {
                io.refuseUnknownTEID(gtp.teid, ue: gtp.packet.ueId, unit)
                return
            }
            process(.uplink(gtp.packet), io)
        default:
            io.counters.decodeErrors += 1
        }
    }

    /// Forwards a packet now (a cu without a compute model) or queues it for the vCU's cores.
    private func process(_ work: UserPlaneWork, _ io: NodeIO) {
        guard vcu != nil else { forward(work, io); return }
        switch work {
        case .downlink(let p), .uplink(let p): vcu?.enqueue(work, bytes: p.sizeBytes, slot: io.slot)
        }
    }

    /// N3 -> F1-U with the next DL PDCP number, or F1-U -> N3 counting out-of-order SDUs.
    private func forward(_ work: UserPlaneWork, _ io: NodeIO) {
        switch work {
        case .downlink(let packet):
            guard var c = contexts[packet.ueId] else { return }
            if c.f1Released { downlinkDroppedReleased += 1; return }
            let f1 = GTPUPacket(teid: c.duDownlinkTEID, pdcpNumber: c.downlinkPDCPNumber, packet: packet)
            c.downlinkPDCPNumber &+= 1
            contexts[packet.ueId] = c
            io.send(link: c.duLink, interface: .f1User, messageType: UserPlaneMessageType.gpdu,
                    flags: WireHeader.flagSyntheticPayload) { f1.encode(into: &$0) }
        case .uplink(let packet):
            guard contexts[packet.ueId] != nil, let coreLink = io.link(to: coreName) else { return }
            // In place: a copy of the context would copy the filter's bitmap for every SDU.
            guard contexts[packet.ueId]?.uplinkPDCP.accept(packet.sequence) == true else {
                uplinkDuplicatesDiscarded += 1
                return
            }
            guard var c = contexts[packet.ueId] else { return }
            // PDCP delivers in order; HARQ can reorder SDUs, which we count rather than hold back.
            if packet.sequence < c.nextUplinkSequence { c.uplinkOutOfOrder += 1 }
            c.nextUplinkSequence = max(c.nextUplinkSequence, packet.sequence &+ 1)
            contexts[packet.ueId] = c
            let n3 = GTPUPacket(teid: c.coreUplinkTEID, packet: packet)
            io.send(link: coreLink, interface: .ngUser, messageType: UserPlaneMessageType.gpdu,
                    flags: WireHeader.flagSyntheticPayload) { n3.encode(into: &$0) }
        }
    }

    public func runSlot(_ io: NodeIO) {
        if e2 == nil { e2 = E2Agent(io: io) }
        e2?.start(io, role: "cu")
        for request in e2?.due(io.slot) ?? [] { apply(request, io) }
        guard vcu != nil else { return }
        for work in vcu!.process(slot: io.slot) { forward(work, io) }
        if let e2, e2.isPeriodEnd(io.slot), let cores = vcu?.cores, let m = vcu?.takePeriod() {
            e2.send(io, KPMIndication(node: io.nodeName, periodIndex: e2.periodIndex(io.slot), slot: io.slot,
                                      periodSlots: Int(e2.periodSlots),
                                      vcus: [E2VCUMeasurement(vcu: io.nodeName, coresAllocated: cores, utilisation: m.utilisation,
                                                              processingP99Us: m.waitP99Us, lateSlots: m.lateSlots,
                                                              packets: m.packets, dropped: m.dropped)]))
        }
    }

    /// Applies an RC control request at its slot; acknowledges it.
    private func apply(_ request: RCControlRequest, _ io: NodeIO) {
        var refusal: String?
        switch request.action {
        case let .setVCUCores(name, n) where name == io.nodeName:
            if vcu == nil { refusal = "cu \(io.nodeName) is not a vCU (no server)" }
            else if n < 1 { refusal = "\(n) cores requested for vCU \(name)" }
            else { vcu?.setCores(n) }
        case let .steerUEs(fromCell, toCell, count):
            refusal = startHandovers(from: fromCell, to: toCell, count: count, io)
        default:
            refusal = "\(io.nodeName) (cu) does not apply \(request.action)"
        }
        if let refusal {
            io.logger.notice("control action refused", metadata: ["action.id": "\(request.actionId)", "reason": "\(refusal)"])
        }
        e2?.acknowledge(request, refusal: refusal, io)
    }

    // MARK: Inter-DU handover

    /// Moves up to `count` UEs of `fromCell` to `toCell` on another DU of this CU: the target DU
    /// admits each UE first (UE Context Setup naming the cell), then the source DU hands it the
    /// RRC reconfiguration and releases it. UEs whose home is the target go first.
    private func startHandovers(from fromCell: String, to toCell: String, count: Int, _ io: NodeIO) -> String? {
        let cells = io.scenario.cells
        guard let source = cells.first(where: { $0.name == fromCell }), let targetIndex = cells.firstIndex(where: { $0.name == toCell }) else {
            return "unknown cell \(fromCell) or \(toCell)"
        }
        let target = cells[targetIndex]
        guard expectedDUs.contains(source.du), expectedDUs.contains(target.du), let targetLink = io.link(to: target.du) else {
            return "cells \(fromCell) and \(toCell) are not both on dus of \(io.nodeName)"
        }
        guard source.du != target.du else { return "cells \(fromCell) and \(toCell) share du \(source.du): it steers between them itself" }
        let home = { (ue: UInt32) in io.topology.ues[Int(ue)].cell == targetIndex ? 0 : 1 }
        // A target DU that could not admit the UE (its cell full) never answers: forgotten after 100 ms.
        let stale = UInt64(100_000 / io.topology.numerology.slotDurationUs)
        let movable = contexts.values.filter { c in
            c.cell == fromCell && c.duDownlinkTEID != 0 && c.handover.map { io.slot - $0.slot > stale } ?? true
        }
            .map(\.ue).sorted { (home($0), $0) < (home($1), $1) }
        for ue in movable.prefix(max(0, count)) {
            contexts[ue]?.handover = (toCell, targetLink, io.slot)
            let rrc = RRCMessage(kind: .reconfiguration, ueId: ue, cell: UInt16(targetIndex))
            io.send(link: targetLink, UEContextSetupRequest(duUeId: ue, cuUeId: ue, uplinkTEID: TEIDPlan.cuUplink(ue), rrc: rrc,
                                                            targetCell: toCell))
        }
        return nil
    }

    /// The target DU has the UE: the downlink path switches to it now, and the source DU sends
    /// the UE its reconfiguration and releases it.
    private func completeHandover(_ c: inout UEContext, to handover: (cell: String, duLink: Int, slot: UInt64), downlinkTEID: UInt32,
                                  _ io: NodeIO) {
        guard let targetIndex = io.scenario.cells.firstIndex(where: { $0.name == handover.cell }) else { return }
        let rrc = RRCMessage(kind: .reconfiguration, ueId: c.ue, cell: UInt16(targetIndex))
        io.send(link: c.duLink, UEContextModificationRequest(duUeId: c.ue, rrc: rrc))
        c.previousDULink = c.duLink
        c.duLink = handover.duLink
        c.cell = handover.cell
        c.duDownlinkTEID = downlinkTEID
        c.handover = nil
        handoversCompleted += 1
    }

    private var handoversCompleted: UInt64 = 0
    /// UE contexts released by a DU's restart, and downlink packets dropped for them meanwhile.
    private var contextsReleased: UInt64 = 0
    private var downlinkDroppedReleased: UInt64 = 0
    /// Uplink SDUs the CU-UP's PDCP dropped as duplicates (a block delivered twice after a lost ACK).
    private var uplinkDuplicatesDiscarded: UInt64 = 0

    /// A DU restarted: the F1 side of its UEs' contexts is gone (their sessions with the core
    /// stay); each UE, having lost its cell, attaches again through the new DU.
    private func releaseContexts(ofDULink link: Int, _ io: NodeIO) {
        var released = 0
        for (id, c) in contexts where c.duLink == link && !c.f1Released {
            contexts[id]?.f1Released = true
            contexts[id]?.handover = nil
            released += 1
        }
        contextsReleased += UInt64(released)
        io.logger.notice("F1 Setup from a restarted DU: its UE contexts released",
                         metadata: ["du": "\(io.links[link].peer)", "contexts": "\(released)", "slot": "\(io.slot)"])
    }

    public func fillReport(_ report: inout NodeReport) {
        if handoversCompleted > 0 { report.interDUHandovers = handoversCompleted }
        if uplinkDuplicatesDiscarded > 0 { report.uplinkDuplicatesDiscarded = uplinkDuplicatesDiscarded }
        if contextsReleased > 0 {
            report.releasedUEContexts = contextsReleased
            report.downlinkDroppedWithoutDU = downlinkDroppedReleased
        }
        if let vcu {
            report.computeLateSlots = vcu.lateSlots
            report.computeDroppedPackets = vcu.dropped
        }
        e2?.fill(&report)
    }
}
