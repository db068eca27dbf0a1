import Foundation
import Radio

/// Inputs from the DU (MAC CEs, RLC buffer state, UCI, PUSCH decoding) and the orchestrator.
/// None of them allocates; they may be called between any two slots.
extension CellScheduler {
    /// Adds a UE (after its random access / RRC setup).
    /// - Parameters:
    ///   - rnti: The C-RNTI.
    ///   - slice: The UE's slice (default: the first configured slice).
    ///   - initialCQI: CQI used until the first report (default 7: a moderate MCS).
    /// - Returns: The UE's index in this cell.
    /// - Throws: ``CellSchedulerError`` when the cell holds `maxUEs` UEs or the slice is unknown.
    @discardableResult
    public func addUE(rnti: RNTI, slice: SliceID? = nil, initialCQI: Int = 7) throws -> UEIndex {
        guard freeIndexCount > 0 else {
            throw CellSchedulerError("cell is full: maxUEs \(config.maxUEs) UEs already added")
        }
        var index = 0
        if let slice {
            guard let found = slices.firstIndex(where: { $0.id == slice }) else {
                throw CellSchedulerError("unknown slice \(slice.rawValue)")
            }
            index = found
        }
        freeIndexCount -= 1
        let ue = Int(freeIndices[freeIndexCount])
        highWater = max(highWater, ue + 1)
        ueCount += 1
        active[ue] = true
        self.rnti[ue] = rnti
        sliceIndex[ue] = index
        uePool[ue] = sliceAware ? index : 0
        cqi[ue] = min(max(initialCQI, 0), CQITable.maxCQI)
        pdcchCQI[ue] = cqi[ue]
        ulCQI[ue] = cqi[ue]
        ulMeasured[ue] = false
        control.reset(ue: ue)
        for link in [downlink, uplink] {
            link.reset(ue: ue, active: true, targetBLER: config.targetBLER)
            refreshMCS(ue: ue, link: link)
        }
        return UEIndex(ue)
    }

    /// Removes a UE: its buffers and HARQ processes are discarded and its index is reused.
    /// - Parameter ue: The UE.
    public func removeUE(_ ue: UEIndex) {
        guard isActive(ue) else { return }
        let index = ue.value
        active[index] = false
        for link in [downlink, uplink] { link.reset(ue: index, active: false, targetBLER: config.targetBLER) }
        freeIndices[freeIndexCount] = Int32(index)
        freeIndexCount += 1
        ueCount -= 1
    }

    /// Whether the index names a UE of this cell.
    public func isActive(_ ue: UEIndex) -> Bool {
        ue.value >= 0 && ue.value < config.maxUEs && active[ue.value]
    }

    /// The RLC DL buffer state of a UE (all its bearers).
    /// - Parameters:
    ///   - ue: The UE.
    ///   - pendingBytes: Bytes waiting for transmission, replacing the scheduler's estimate.
    ///   - headOfLineArrivalSlot: Slot the oldest of those bytes arrived (for latency targets).
    public func handleDLBufferStatus(ue: UEIndex, pendingBytes: Int, headOfLineArrivalSlot: Int) {
        guard isActive(ue) else { return }
        downlink.setPending(ue: ue.value, bytes: max(0, pendingBytes))
        downlink.headOfLineSlot[ue.value] = pendingBytes > 0 ? headOfLineArrivalSlot : Int.max
    }

    /// A UL buffer status report (TS 38.321 clause 5.4.5).
    /// - Parameters:
    ///   - ue: The UE.
    ///   - pendingBytes: Bytes the UE reports waiting, replacing the scheduler's estimate.
    public func handleULBufferStatusReport(ue: UEIndex, pendingBytes: Int) {
        guard isActive(ue) else { return }
        let index = ue.value
        if pendingBytes <= 0 {
            uplink.setPending(ue: index, bytes: 0)
            uplink.headOfLineSlot[index] = Int.max
            return
        }
        if uplink.pendingBytes[index] == 0 || uplink.headOfLineSlot[index] == Int.max {
            // The report arrives after the data: count its delay from the report's slot.
            uplink.headOfLineSlot[index] = max(lastSlot, 0)
        }
        uplink.setPending(ue: index, bytes: pendingBytes)
    }

    /// A wideband CQI report (TS 38.214 clause 5.2.2.1); the MCS follows it through the
    /// UE's outer-loop link adaptation. CQI 0 (out of range) stops scheduling the UE.
    /// - Parameters:
    ///   - ue: The UE.
    ///   - cqi: CQI 0...15.
    public func handleCQIReport(ue: UEIndex, cqi: Int) {
        guard isActive(ue) else { return }
        self.cqi[ue.value] = min(max(cqi, 0), CQITable.maxCQI)
        pdcchCQI[ue.value] = singleLayerCQI(cqi: self.cqi[ue.value], layers: downlink.layers[ue.value])
        refreshMCS(ue: ue.value, link: downlink)
        if !ulMeasured[ue.value] {
            ulCQI[ue.value] = self.cqi[ue.value]
            refreshMCS(ue: ue.value, link: uplink)
        }
    }

    /// A rank indicator (TS 38.214 clause 5.2.2.2): the UE's new DL transmissions use this many
    /// layers, capped by the cell's ``CellSchedulerConfig/layers``; retransmissions keep theirs.
    /// Its CQI report is per layer at this rank.
    public func handleRankIndicator(ue: UEIndex, rank: Int) {
        guard isActive(ue) else { return }
        downlink.layers[ue.value] = min(max(rank, 1), config.layers)
        refreshMCS(ue: ue.value, link: downlink)
    }

    /// The UL rank the gNB chose from its PUSCH measurement, capped by ``CellSchedulerConfig/ulLayers``.
    public func handleULRank(ue: UEIndex, rank: Int) {
        guard isActive(ue) else { return }
        uplink.layers[ue.value] = min(max(rank, 1), config.ulLayers)
        refreshMCS(ue: ue.value, link: uplink)
    }

    /// Uplink channel quality measured by the gNB (PUSCH DMRS or SRS), as the CQI whose
    /// threshold the measured SINR meets. From the first one on, UL link adaptation follows
    /// it instead of the DL CQI: the uplink budget (UE power, gNB noise) differs.
    /// - Parameters:
    ///   - ue: The UE.
    ///   - cqi: CQI 0...15 equivalent of the measured UL SINR.
    public func handleULChannelQuality(ue: UEIndex, cqi: Int) {
        guard isActive(ue) else { return }
        ulCQI[ue.value] = min(max(cqi, 0), CQITable.maxCQI)
        ulMeasured[ue.value] = true
        refreshMCS(ue: ue.value, link: uplink)
    }

    /// HARQ-ACK for a PDSCH transport block (PUCCH/PUSCH UCI, K1 slots after it).
    /// - Parameters:
    ///   - ue: The UE.
    ///   - harqProcess: The process of the grant.
    ///   - ack: `true` for ACK, `false` for NACK (or DTX).
    public func handleDLHARQFeedback(ue: UEIndex, harqProcess: Int, ack: Bool) {
        handleFeedback(ue: ue, process: harqProcess, ack: ack, link: downlink)
    }

    /// Whether a PUSCH transport block was decoded (its CRC).
    /// - Parameters:
    ///   - ue: The UE.
    ///   - harqProcess: The process of the grant.
    ///   - ok: `true` when the CRC passed.
    public func handleULDecodeResult(ue: UEIndex, harqProcess: Int, ok: Bool) {
        handleFeedback(ue: ue, process: harqProcess, ack: ok, link: uplink)
    }

    /// Uplink power headroom as the most PRBs worth granting: beyond it the UE's power is
    /// spread so thin that the SINR falls below what the MCS needs (power-limited UEs, NTN).
    /// - Parameters:
    ///   - ue: The UE.
    ///   - maxPRBs: At least 1.
    public func handleULPowerHeadroom(ue: UEIndex, maxPRBs: Int) {
        guard isActive(ue) else { return }
        uplink.maxPRBs[ue.value] = max(1, maxPRBs)
    }

    /// A PUSCH SINR measured on a block's DMRS, decoded or not: sets the UE's power headroom
    /// and UL CQI through ``uplinkLinkAdaptation``. Nothing changes when nothing was received.
    /// - Parameters:
    ///   - ue: The UE.
    ///   - sinrDb: The measured SINR, dB.
    ///   - prbs: PRBs of the block.
    public func handlePUSCHMeasurement(ue: UEIndex, sinrDb: Double, prbs: Int) {
        guard let outcome = uplinkLinkAdaptation.adapt(sinrDb: sinrDb, prbs: prbs) else { return }
        handleULPowerHeadroom(ue: ue, maxPRBs: outcome.maxPRBs)
        guard config.ulLayers > 1, isActive(ue) else { return handleULChannelQuality(ue: ue, cqi: outcome.cqi) }
        // The UL rank is chosen at the width the UE's power supports: a power-limited UE gains
        // nothing from splitting its power over layers.
        let atWidth = sinrDb + 10 * log10(Double(max(1, prbs))) - 10 * log10(Double(outcome.maxPRBs))
        let choice = RankIndicator.select(sinrDb: atWidth, maxRank: config.ulLayers, table: uplinkLinkAdaptation.cqiTable)
        uplink.layers[ue.value] = choice.rank
        handleULChannelQuality(ue: ue, cqi: choice.rank == 1 ? outcome.cqi : max(1, choice.cqi))
    }

    /// Moves a UE to another slice.
    /// - Throws: ``CellSchedulerError`` for an unknown slice.
    public func setSlice(ue: UEIndex, slice: SliceID) throws {
        guard let index = slices.firstIndex(where: { $0.id == slice }) else {
            throw CellSchedulerError("unknown slice \(slice.rawValue)")
        }
        guard isActive(ue) else { return }
        sliceIndex[ue.value] = index
        uePool[ue.value] = sliceAware ? index : 0
    }

    /// Changes a slice's PRB quotas (the orchestrator's lever); applies from the next slot.
    /// - Parameters:
    ///   - slice: The slice.
    ///   - minPRBShare: Guaranteed share, 0...1; the minimum shares of all slices must not
    ///     add up to more than 1.
    ///   - maxPRBShare: Ceiling share, `minPRBShare`...1.
    /// - Throws: ``CellSchedulerError`` for an unknown slice or invalid shares.
    public func setSliceQuota(slice: SliceID, minPRBShare: Double, maxPRBShare: Double) throws {
        guard let index = slices.firstIndex(where: { $0.id == slice }) else {
            throw CellSchedulerError("unknown slice \(slice.rawValue)")
        }
        var errors = CellSchedulerConfig.quotaErrors(slice: slice, minPRBShare: minPRBShare, maxPRBShare: maxPRBShare)
        var quotas = sliceQuotas
        quotas[index].minPRBShare = minPRBShare
        quotas[index].maxPRBShare = maxPRBShare
        let minSum = quotas.reduce(0.0) { $0 + $1.minPRBShare }
        if minSum > 1 + 1e-9 { errors.append("slice minPRBShare values would add up to \(minSum), more than 1") }
        guard errors.isEmpty else { throw CellSchedulerError(errors) }
        currentSlices[index] = quotas[index]
        if sliceAware {
            poolMinPRBs[index] = quotas[index].minPRBs(cellPRBs: cellPRBs)
            poolMaxPRBs[index] = quotas[index].maxPRBs(cellPRBs: cellPRBs)
        }
    }

    /// The slices with their current quotas.
    public var sliceQuotas: [SliceConfig] { currentSlices }

    private func handleFeedback(ue: UEIndex, process: Int, ack: Bool, link: LinkState) {
        guard isActive(ue) else {
            statistics.unexpectedHARQFeedback += 1
            return
        }
        let index = ue.value
        let outcome = link.harq.handleFeedback(ue: index, process: process, ack: ack)
        var firstTransmission = false
        switch outcome {
        case .unexpected:
            statistics.unexpectedHARQFeedback += 1
            return
        case .acknowledged(let first), .retransmissionPending(let first):
            firstTransmission = first
        case .dropped(let first):
            firstTransmission = first
            if link.direction == .downlink {
                statistics.droppedDLTransportBlocks += 1
            } else {
                statistics.droppedULTransportBlocks += 1
            }
        }
        // OLLA learns from first transmissions only (retransmissions are soft-combined).
        if firstTransmission {
            if link.direction == .downlink {
                statistics.dlFirstTransmissionFeedbacks += 1
                if !ack { statistics.dlFirstTransmissionNACKs += 1 }
            }
            link.olla[index].update(ack: ack)
            refreshMCS(ue: index, link: link)
        }
    }

    /// The CQI one layer would report, from a CQI reported at `layers` layers: the per-layer
    /// SINR its threshold stands for, plus what the extra layers cost (``RankIndicator``).
    func singleLayerCQI(cqi: Int, layers: Int) -> Int {
        guard layers > 1, cqi > 0 else { return cqi }
        let table = uplinkLinkAdaptation.cqiTable   // the cell's CQI table, made once at setup
        let layerSINR = table.thresholdDb(cqi: cqi)
        let loss = layerSINR - RankIndicator.layerSINRDb(layerSINR, layers: layers)
        return CQITable.cqi(sinrDb: layerSINR + loss, table: table)
    }

    /// Recomputes a UE's MCS and achievable rate from its CQI and OLLA offset.
    func refreshMCS(ue: Int, link: LinkState) {
        let quality = link.direction == .downlink ? cqi[ue] : ulCQI[ue]
        let mcs = config.fixedMCS ?? linkAdaptation.mcs(cqi: quality, offsetDb: link.olla[ue].offsetDb)
        link.mcs[ue] = active[ue] ? mcs : -1
        let rates = link.direction == .downlink ? allocator.dlRatePerPRB : allocator.ulRatePerPRB
        link.ratePerPRB[ue] = mcs >= 0 ? rates[mcs] * Double(link.layers[ue]) : 0
    }
}
