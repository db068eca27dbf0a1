import Interfaces
import Report
import Scenario

/// The 5GC subset: AMF-like registration and PDU sessions (N2), and a UPF-like user
/// plane (N3) with the N6 traffic sources (downlink) and sinks (uplink).
public final class CoreNode: NodeBehavior {
    /// A class, so recording into its histograms mutates in place (a struct held in a dictionary
    /// would copy every histogram on each packet).
    final class Session {
        var ue: Topology.UE
        var cuLink: Int
        var downlinkTEID: UInt32 = 0
        var active = false
        var downlink: TrafficSource?
        var downlinkFlow: FlowReport
        var uplinkFlow: FlowReport
        var uplinkLatency = LatencyRecorder()
        /// The uplink received since the last progress report.
        var uplinkInterval: FlowInterval
        /// Real-time runs only: created with the first wall-clock sample.
        var uplinkWallLatency: LatencyRecorder?

        init(ue: Topology.UE, cuLink: Int, downlinkFlow: FlowReport, uplinkFlow: FlowReport) {
            self.ue = ue; self.cuLink = cuLink; self.downlinkFlow = downlinkFlow; self.uplinkFlow = uplinkFlow
            uplinkInterval = FlowInterval(uplinkFlow)
        }
    }

    private var setUpCUs: Set<String> = []
    private var expectedCUs: Set<String> = []
    private var sessions: [UInt32: Session] = [:]
    /// The sessions in ascending UE id, so slots visit them in a fixed order without sorting or
    /// looking each up.
    private var sessionOrder: [Session] = []
    private let trafficStopNs: UInt64
    private let window: MeasurementWindow
    private var sampler: TrafficSampler

    public init(topology: Topology, nodeName: String) {
        expectedCUs = Set(topology.links(of: nodeName).map(\.peer))
        trafficStopNs = TrafficPlan.stopNs(topology)
        window = TrafficPlan.measurementWindow(topology)
        sampler = TrafficSampler(topology: topology)
    }

    public var isSetUp: Bool { setUpCUs == expectedCUs }

    public func sendSetupRequests(_ io: NodeIO) {}

    /// NG Setup from a CU: a common version, and room for the UEs of every cell behind its CUs.
    public func handleSetup(_ unit: WireUnit, _ io: NodeIO) throws(SetupProcedureError) {
        guard unit.header.messageType == SetupMessageType.request,
              let request = decodeControl(NGSetupRequest.self, unit, io),
              let link = io.link(to: request.ranNode) else { return }
        let offer = request.offer(to: io.setupEnd)
        if let failure = io.checkRequest(offer) {
            io.send(link: link, NGSetupFailure(failure: failure))
            throw SetupProcedureError(failure)
        }
        let version = CapabilityCheck.negotiatedVersion(offered: offer.versions, supported: io.vendor.ngVersions) ?? 0
        io.send(link: link, NGSetupResponse(amfNode: io.nodeName, vendor: io.vendor.name, version: version))
        setUpCUs.insert(request.ranNode)
    }

    public func handle(_ unit: WireUnit, _ io: NodeIO) {
        switch (unit.header.interface, unit.header.messageType) {
        case (.ngControl, InitialUEMessage.messageType):
            guard let m = decodeControl(InitialUEMessage.self, unit, io),
                  let cu = io.peerName(ofIndex: unit.header.sourceNode), let link = io.link(to: cu),
                  Int(m.ranUeId) < io.topology.ues.count else { return }
            let ue = io.topology.ues[Int(m.ranUeId)]
            guard ue.supi == m.supi else {
                io.logger.warning("registration rejected: unknown SUPI", metadata: ["supi": "\(m.supi)"])
                return
            }
            let session = Session(ue: ue, cuLink: link, downlinkFlow: FlowReport(ueId: ue.id, direction: .downlink),
                                  uplinkFlow: FlowReport(ueId: ue.id, direction: .uplink))
            if let i = sessionOrder.firstIndex(where: { $0.ue.id >= ue.id }) {
                if sessionOrder[i].ue.id == ue.id { sessionOrder[i] = session } else { sessionOrder.insert(session, at: i) }
            } else {
                sessionOrder.append(session)
            }
            sessions[ue.id] = session
            io.send(link: link, PDUSessionResourceSetupRequest(ranUeId: m.ranUeId, amfUeId: ue.id, ueIPv4: ue.ipv4,
                                                               uplinkTEID: TEIDPlan.coreUplink(ue.id)))
        case (.ngControl, PDUSessionResourceSetupResponse.messageType):
            guard let m = decodeControl(PDUSessionResourceSetupResponse.self, unit, io),
                  let s = sessions[m.amfUeId] else { return }
            s.downlinkTEID = m.downlinkTEID
            s.active = true
            let group = io.scenario.ueGroups[s.ue.groupIndex]
            s.downlink = TrafficSource(config: group.downlink, rateBps: TrafficPlan.rateBps(group.downlink, cell: s.ue.cell, io.topology),
                                       startNs: io.nowNs, seed: io.scenario.seed, stream: 0xD1_0000 + UInt64(s.ue.id))
            io.logger.debug("PDU session active", metadata: ["ue.id": "\(s.ue.id)"])
        case (.ngUser, UserPlaneMessageType.gpdu):
            var r = ByteReader(unit.payload)
            guard let gtp = try? GTPUPacket.decode(from: &r) else {
                io.counters.decodeErrors += 1
                return
            }
            // The session's CU only: a G-PDU with a real TEID from another CU is refused.
            guard let s = sessions[gtp.packet.ueId], gtp.teid == TEIDPlan.coreUplink(s.ue.id),
                  io.link(of: unit) == s.cuLink else {
                io.refuseUnknownTEID(gtp.teid, ue: gtp.packet.ueId, unit)
                return
            }
            s.uplinkFlow.receive(bytes: gtp.packet.sizeBytes, createdNs: gtp.packet.createdNs, atNs: io.nowNs, window: window)
            s.uplinkLatency.record(latencyNs: io.nowNs &- gtp.packet.createdNs)
            s.uplinkInterval.record(latencyNs: io.nowNs &- gtp.packet.createdNs)
            if gtp.packet.wallCreatedNs > 0 {
                if s.uplinkWallLatency == nil { s.uplinkWallLatency = LatencyRecorder() }
                s.uplinkWallLatency?.record(latencyNs: io.wallNowNs &- gtp.packet.wallCreatedNs)
            }
        default:
            io.counters.decodeErrors += 1
        }
    }

    public func runSlot(_ io: NodeIO) {
        let start = io.nowNs
        let end = min(start + io.topology.slotDurationNs, trafficStopNs)
        guard start < end else { return }
        for s in sessionOrder {
            guard s.active, s.downlink?.createsPacket(before: end) == true, var source = s.downlink else { continue }
            let ueId = s.ue.id, ueIPv4 = s.ue.ipv4
            let packetBytes = source.packetBytes
            let wallNow = io.wallNowNs
            source.generate(from: start, to: end) { seq, created in
                let packet = UserPacket(ueId: ueId, sequence: seq, createdNs: created, sizeBytes: packetBytes,
                                        sourceIP: TrafficPlan.dataNetworkIPv4, destinationIP: ueIPv4,
                                        wallCreatedNs: wallNow)
                let gtp = GTPUPacket(teid: s.downlinkTEID, packet: packet)
                io.send(link: s.cuLink, interface: .ngUser, messageType: UserPlaneMessageType.gpdu,
                        flags: WireHeader.flagSyntheticPayload) { gtp.encode(into: &$0) }
                s.downlinkFlow.send(bytes: packet.sizeBytes, createdNs: created, window: window)
            }
            s.downlink = source
        }
    }

    /// The uplink of each UE counts for its group's cell: the core does not follow handovers.
    public func trafficProgress(_ io: NodeIO) -> TrafficProgress? {
        sampler.begin(endNs: io.topology.slotStartNs(io.slot + 1))
        for s in sessionOrder {
            sampler.add(ue: s.ue, cell: io.scenario.cells[s.ue.cell].name, slice: io.scenario.ueGroups[s.ue.groupIndex].slice,
                        flow: s.uplinkFlow, interval: &s.uplinkInterval)
        }
        return sampler.finished
    }

    public func fillReport(_ report: inout NodeReport) {
        for s in sessionOrder {
            s.downlinkFlow.sourceStopNs = trafficStopNs
            s.uplinkFlow.latency = s.uplinkLatency.summary
            if let wall = s.uplinkWallLatency, wall.count > 0 { s.uplinkFlow.wallLatency = wall.summary }
            report.flows.append(s.downlinkFlow)
            report.flows.append(s.uplinkFlow)
            report.latencyByGroup["\(s.ue.group)/uplink", default: LatencyRecorder()].add(s.uplinkLatency)
        }
    }
}
