import Interfaces
import Scheduler

/// Each slot, per cell: the RLC buffers go to the scheduler, and its grants become the slot's
/// transport blocks (new ones filled from the RLC queues, retransmissions from HARQ), C-plane
/// sections and the U-plane frame towards the cell's RU.
extension DUNode {
    func schedule(_ cell: DUCell, _ io: NodeIO) -> SlotResult {
        let now = io.nowNs
        let slotNs = io.topology.slotDurationNs
        for i in cell.ueIds.indices where cell.scheduler.isActive(UEIndex(i)) {
            let q = cell.downlinkQueues[i]
            let holSlot = q.headOfLineCreatedNs.map { Int($0 / slotNs) }
            let waiting = cell.ruAsleep || (!awaitingArrival.isEmpty && awaitingArrival.contains(cell.ueIds[i]))
            cell.scheduler.handleDLBufferStatus(ue: UEIndex(i), pendingBytes: waiting ? 0 : q.bytesToDrain,
                                                headOfLineArrivalSlot: holSlot ?? Int(now / slotNs))
        }
        return cell.scheduler.runSlot(Int(io.slot))
    }

    /// Sends the cell's slot. In a `late` slot (the vDU overran it) new downlink blocks are kept
    /// for HARQ but not sent, and count as NACKed.
    func transmit(_ cell: DUCell, _ result: SlotResult, late: Bool, _ io: NodeIO) {
        var frame = AirFrame()
        var sections: [ControlPlaneSection] = []
        cell.report.slots += 1
        if result.dlSymbols > 0 { cell.report.dlPRBsAvailable += UInt64(cell.config.prbs) }
        // Several slots grant one UL slot: its PRBs count once, in the UL slot itself.
        if cell.scheduler.config.puschSymbols(slot: Int(io.slot)) > 0 { cell.report.ulPRBsAvailable += UInt64(cell.config.prbs) }
        for g in result.dlGrants {
            let i = g.ue.value
            let process = g.harqProcess % HARQBlockStore<TransportBlock>.processesPerUE
            let tb: TransportBlock
            if g.isRetransmission, var kept = cell.downlinkHARQ.block(ue: i, process: process) {
                kept.flags = TransportBlock.flagRetransmission
                kept.transmission &+= 1
                kept.startPRB = UInt16(g.startPRB); kept.numPRBs = UInt16(g.numPRBs); kept.mcs = UInt8(g.mcs)
                kept.k1 = UInt8(clamping: g.k1)
                tb = kept
                cell.report.dlRetransmissions += 1
                if cell.downlinkHARQ.takeUnsent(ue: i, process: process) {
                    // Its first transmission never left (a late slot): this is the first time it is sent.
                    cell.report.dlBits += UInt64(tb.tbsBytes) * 8
                }
            } else {
                let segments = cell.downlinkQueues[i].dequeue(capacityBytes: g.tbsBytes)
                var block = TransportBlock(ueId: cell.ueIds[i], cell: UInt16(cell.index), harqProcess: UInt8(process), flags: 0,
                                           mcs: UInt8(g.mcs), layers: UInt8(clamping: g.layers), startPRB: UInt16(g.startPRB), numPRBs: UInt16(g.numPRBs),
                                           tbsBytes: UInt32(g.tbsBytes), segments: segments)
                block.k1 = UInt8(clamping: g.k1)
                tb = block
                if late {
                    // Processed too late for its air time: kept for HARQ, counted as a NACK, not sent.
                    cell.downlinkHARQ.storeUnsent(tb, ue: i, process: process)
                    cell.scheduler.handleDLHARQFeedback(ue: g.ue, harqProcess: g.harqProcess, ack: false)
                    continue
                }
                cell.report.dlBits += UInt64(g.tbsBytes) * 8
            }
            let slot = i * HARQBlockStore<TransportBlock>.processesPerUE + process
            cell.downlinkArrivalNs[slot] = io.nowNs + downstreamNs
            cell.downlinkSlice[slot] = Int(g.slice.rawValue)
            let sliceIndex = Int(g.slice.rawValue)
            if sliceIndex < cell.period.slicePRBs.count {
                cell.period.slicePRBs[sliceIndex] += g.numPRBs
                if !g.isRetransmission { cell.period.sliceBits[sliceIndex] += Double(g.tbsBytes * 8) }
            }
            cell.period.grants += 1
            cell.downlinkHARQ.store(tb, ue: i, process: process)
            frame.transportBlocks.append(tb)
            cell.report.dlTransmissions += 1
            cell.report.dlPRBsUsed += UInt64(g.numPRBs)
            cell.report.dlMCSSum += UInt64(g.mcs)
            sections += ControlPlaneMessage.sections(sectionId: UInt16(truncatingIfNeeded: i), startPRB: g.startPRB,
                                                     numPRBs: g.numPRBs, numSymbols: result.dlSymbols)
        }
        for g in result.ulGrants {
            frame.uplinkGrants.append(UplinkGrant(ueId: cell.ueIds[g.ue.value], cell: UInt16(cell.index),
                                                  harqProcess: UInt8(g.harqProcess), retransmission: g.isRetransmission,
                                                  mcs: UInt8(g.mcs), startPRB: UInt16(g.startPRB), numPRBs: UInt16(g.numPRBs),
                                                  tbsBytes: UInt32(g.tbsBytes), k2: UInt8(clamping: result.ulSlot - result.slot),
                                                  layers: UInt8(clamping: g.layers)))
            cell.report.ulPRBsUsed += UInt64(g.numPRBs)
            cell.period.grants += 1
        }
        frame.rrc = cell.pendingRRC
        cell.pendingRRC.removeAll()
        let timing = FrameTiming(slot: io.slot, numerology: cell.numerology)
        if !sections.isEmpty {
            let c = ControlPlaneMessage(downlink: true, timing: timing, sections: sections, sequence: cell.controlSequence)
            cell.controlSequence &+= 1
            io.send(link: cell.ruLink, interface: .fronthaulControl, messageType: FronthaulMessageType.downlink) { c.encode(into: &$0) }
        }
        if !frame.isEmpty {
            let u = UserPlaneMessage(downlink: true, timing: timing, numPRBs: cell.config.prbs, sequence: cell.userSequence, frame: frame)
            cell.userSequence &+= 1
            io.send(link: cell.ruLink, interface: .fronthaulUser, messageType: FronthaulMessageType.downlink,
                    flags: WireHeader.flagSyntheticPayload) { u.encode(into: &$0) }
        }
    }

    /// DL latency of each SDU a block the UE acknowledged completes: creation to the block's
    /// arrival at the UE in the transmission that decoded (its latest), so HARQ retransmission
    /// delay is in it, as it is in the latency the UE measures.
    func recordDeliveredLatency(_ cell: DUCell, ue i: Int, process: Int) {
        // Only E2 reports read (and reset) the samples: without an orchestrator, skip the work.
        guard e2?.link != nil, let tb = cell.downlinkHARQ.block(ue: i, process: process) else { return }
        let slot = i * HARQBlockStore<TransportBlock>.processesPerUE + process
        let slice = cell.downlinkSlice[slot], delivered = cell.downlinkArrivalNs[slot]
        guard slice < cell.period.sliceLatencyNs.count else { return }
        for seg in tb.segments where seg.offset + seg.length >= seg.sduBytes && delivered >= seg.createdNs {
            cell.period.sliceLatencyNs[slice].record(delivered - seg.createdNs)
        }
    }
}
