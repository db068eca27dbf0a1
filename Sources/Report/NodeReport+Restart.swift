// A node killed by a restart fault reports what it had measured; the node that replaces it
// reports from its first slot. The run's figures for the node are the two together.

extension NodeReport {
    /// Adds what an earlier incarnation of this node (killed by a restart fault) measured: counters
    /// add up, per-cell and per-UE figures add up by name and id; pid and CPU stay this one's.
    public mutating func absorb(earlier e: NodeReport) {
        messagesIn += e.messagesIn; messagesOut += e.messagesOut
        bytesIn += e.bytesIn; bytesOut += e.bytesOut
        decodeErrors += e.decodeErrors
        refusedUnits.merge(e.refusedUnits, uniquingKeysWith: +)
        impairedUnits.merge(e.impairedUnits, uniquingKeysWith: +)
        frozenSlots += e.frozenSlots
        protocolMessages += e.protocolMessages
        windows += e.windows
        lateSlots += e.lateSlots
        for c in e.cells {
            if let i = cells.firstIndex(where: { $0.name == c.name }) { cells[i].add(c) } else { cells.append(c) }
        }
        for r in e.ueRadio {
            if let i = ueRadio.firstIndex(where: { $0.ueId == r.ueId }) { ueRadio[i].add(r) } else { ueRadio.append(r) }
        }
        ueRadio.sort { $0.ueId < $1.ueId }
        for (group, latency) in e.latencyByGroup { latencyByGroup[group, default: LatencyRecorder()].add(latency) }
        func sum(_ a: UInt64?, _ b: UInt64?) -> UInt64? { a == nil && b == nil ? nil : (a ?? 0) + (b ?? 0) }
        computeLateSlots = sum(computeLateSlots, e.computeLateSlots)
        computeDroppedPackets = sum(computeDroppedPackets, e.computeDroppedPackets)
        interDUHandovers = sum(interDUHandovers, e.interDUHandovers)
        uplinkDuplicatesDiscarded = sum(uplinkDuplicatesDiscarded, e.uplinkDuplicatesDiscarded)
        controlActionsApplied = sum(controlActionsApplied, e.controlActionsApplied)
        controlActionsRefused = sum(controlActionsRefused, e.controlActionsRefused)
        if let j = e.energyJ { energyJ = (energyJ ?? 0) + j }
    }
}

extension CellReport {
    /// Adds another period's counters of the same cell.
    mutating func add(_ o: CellReport) {
        slots += o.slots; dlBits += o.dlBits; ulBits += o.ulBits
        dlPRBsUsed += o.dlPRBsUsed; ulPRBsUsed += o.ulPRBsUsed
        dlPRBsAvailable += o.dlPRBsAvailable; ulPRBsAvailable += o.ulPRBsAvailable
        dlTransmissions += o.dlTransmissions; dlRetransmissions += o.dlRetransmissions
        ulTransmissions += o.ulTransmissions; ulRetransmissions += o.ulRetransmissions
        harqFailures += o.harqFailures; ulHARQFailures += o.ulHARQFailures
        queueDrops += o.queueDrops; handoverDiscards += o.handoverDiscards; dlMCSSum += o.dlMCSSum
        expectedPeakDLMbps = max(expectedPeakDLMbps, o.expectedPeakDLMbps)
        mac.add(o.mac)
    }
}

extension MACCounters {
    mutating func add(_ o: MACCounters) {
        slots += o.slots; pdschGrants += o.pdschGrants; puschGrants += o.puschGrants; pdschLayers += o.pdschLayers
        pdcchSlots += o.pdcchSlots; ccesAvailable += o.ccesAvailable; ccesUsed += o.ccesUsed
        blockedDLDCIs += o.blockedDLDCIs; blockedULDCIs += o.blockedULDCIs; blockedByPUCCH += o.blockedByPUCCH
        pucchSlots += o.pucchSlots; pucchHARQ += o.pucchHARQ
    }
}

extension UERadioReport {
    /// Adds another report of the same UE (from another DU, or an earlier incarnation of this one).
    public mutating func add(_ o: UERadioReport) {
        downlinkQueueDrops += o.downlinkQueueDrops; uplinkHARQFailures += o.uplinkHARQFailures
        uplinkSINRSumDb += o.uplinkSINRSumDb; uplinkSINRSamples += o.uplinkSINRSamples
    }
}
