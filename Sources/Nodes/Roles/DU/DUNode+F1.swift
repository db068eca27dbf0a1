import Interfaces
import Scheduler

/// F1 towards the CU: UE contexts (registration and the target side of an inter-DU
/// handover), their release (the source side) and downlink data on F1-U.
extension DUNode {
    /// Admits a UE: at registration in its home cell (the RRC reconfiguration goes out here), or
    /// in an inter-DU handover in the cell the CU names (the source DU sends the RRC).
    func handleContextSetup(_ m: UEContextSetupRequest, _ io: NodeIO) {
        guard Int(m.duUeId) < io.topology.ues.count, ueLocation[m.duUeId] == nil,
              let c = m.targetCell.map({ name in cells.firstIndex { $0.config.name == name } })
                ?? attachCell[m.duUeId] ?? cells.firstIndex(where: { $0.index == io.topology.ues[Int(m.duUeId)].cell }) else { return }
        attachCell[m.duUeId] = nil
        let cell = cells[c]
        let slice = CellCapacity.sliceID(of: io.topology.ues[Int(m.duUeId)], io.topology)
        guard let index = try? cell.scheduler.addUE(rnti: RNTI(truncatingIfNeeded: 0x4601 + m.duUeId), slice: slice) else {
            io.logger.warning("cell full: UE context refused", metadata: ["ue.id": "\(m.duUeId)", "cell": "\(cell.config.name)"])
            return
        }
        let i = index.value
        cell.grow(to: i, queueBytes: queueBytesPerUE)
        cell.ueIds[i] = m.duUeId
        ueLocation[m.duUeId] = (c, i)
        handedOut[m.duUeId] = nil
        reattaching[m.duUeId] = nil
        if m.targetCell == nil { cell.pendingRRC.append(RRCContainer(ueId: m.duUeId, body: m.rrc.encoded())) }
        else { awaitingArrival.insert(m.duUeId) }
        if let link = io.link(to: cuName) {
            io.send(link: link, UEContextSetupResponse(duUeId: m.duUeId, cuUeId: m.cuUeId, downlinkTEID: TEIDPlan.duDownlink(m.duUeId)))
        }
        cuUplinkTEID[m.duUeId] = m.uplinkTEID
    }

    /// The source side of an inter-DU handover: the UE gets its reconfiguration in the cell it
    /// is leaving; its scheduler context, HARQ blocks and queued SDUs go (the SDUs are counted).
    func release(_ m: UEContextModificationRequest, _ io: NodeIO) {
        guard let at = ueLocation[m.duUeId] else { return }
        let cell = cells[at.cell]
        cell.report.handoverDiscards += UInt64(cell.downlinkQueues[at.index].pendingSDUs)
        cell.scheduler.removeUE(UEIndex(at.index))
        cell.clearUE(at: at.index, queueBytes: queueBytesPerUE)
        cell.pendingRRC.append(RRCContainer(ueId: m.duUeId, body: m.rrc.encoded()))
        ueLocation[m.duUeId] = nil
        cuUplinkTEID[m.duUeId] = nil
        handedOut[m.duUeId] = at.cell
        awaitingArrival.remove(m.duUeId)
    }

    /// A UE it serves asks to attach again (it lost its cell, whose RU restarted): its context here
    /// goes, with what was queued for it (counted as queue drops), and the CU sets it up again.
    func dropContextOfReattachingUE(_ ue: UInt32, _ io: NodeIO) {
        guard let at = ueLocation[ue] else { return }
        let cell = cells[at.cell]
        if Int(ue) < ueRadio.count { ueRadio[Int(ue)].downlinkQueueDrops += UInt64(cell.downlinkQueues[at.index].pendingSDUs) }
        cell.scheduler.removeUE(UEIndex(at.index))
        cell.clearUE(at: at.index, queueBytes: queueBytesPerUE)
        ueLocation[ue] = nil
        cuUplinkTEID[ue] = nil
        awaitingArrival.remove(ue)
        reattaching[ue] = at.cell
    }

    /// A new RU after a restart fault: the DU sets its fronthaul up again in the RU's first slot,
    /// as it would when the RU's management plane calls home.
    func setUpRestartedRUs(_ io: NodeIO) {
        for (ru, slot) in ruRestarts where slot == io.slot {
            guard let offer = setupOffers.first(where: { $0.procedure == .fronthaulSetup && $0.responder.node == ru }),
                  let link = io.link(to: ru) else { continue }
            fronthaulSetUp.remove(ru)
            io.send(link: link, FronthaulSetupRequest(offer))
        }
    }

    /// An SDU from the CU on F1-U: into the UE's RLC queue (a full queue drops it and counts it).
    func handleDownlinkData(_ packet: UserPacket, from unit: WireUnit, _ io: NodeIO) {
        guard let at = ueLocation[packet.ueId] else {
            // In flight when the UE left for another DU: the path has switched since.
            if let c = handedOut[packet.ueId] {
                cells[c].report.handoverDiscards += 1
            } else if reattaching[packet.ueId] != nil, Int(packet.ueId) < ueRadio.count {
                ueRadio[Int(packet.ueId)].downlinkQueueDrops += 1
            } else {
                io.refuseUnknownTEID(TEIDPlan.duDownlink(packet.ueId), ue: packet.ueId, unit)
            }
            return
        }
        let queued = cells[at.cell].downlinkQueues[at.index].enqueue(sequence: packet.sequence, sizeBytes: packet.sizeBytes,
                                                                    createdNs: packet.createdNs, wallCreatedNs: packet.wallCreatedNs)
        if !queued, Int(packet.ueId) < ueRadio.count { ueRadio[Int(packet.ueId)].downlinkQueueDrops += 1 }
    }
}
