/// Read-only views of the per-UE state, for the DU, reports and tests (not per slot).
extension CellScheduler {
    /// Bytes the scheduler believes are pending for a UE in a direction.
    public func pendingBytes(ue: UEIndex, direction: LinkDirection) -> Int {
        guard isActive(ue) else { return 0 }
        return link(direction).pendingBytes[ue.value]
    }

    /// The MCS the UE would get now, or -1 when it is not scheduled (CQI 0).
    public func mcs(ue: UEIndex, direction: LinkDirection) -> Int {
        guard isActive(ue) else { return -1 }
        return link(direction).mcs[ue.value]
    }

    /// The outer-loop link adaptation offset of a UE in dB.
    public func linkAdaptationOffsetDb(ue: UEIndex, direction: LinkDirection) -> Double {
        guard isActive(ue) else { return 0 }
        return link(direction).olla[ue.value].offsetDb
    }

    /// The UE's slice.
    public func slice(of ue: UEIndex) -> SliceID? {
        guard isActive(ue) else { return nil }
        return slices[sliceIndex[ue.value]].id
    }

    /// The UE's C-RNTI.
    public func rnti(of ue: UEIndex) -> RNTI? {
        guard isActive(ue) else { return nil }
        return rnti[ue.value]
    }

    /// The proportional-fair average served bits per scheduling opportunity (0 unless the
    /// ranking is proportional fair).
    public func averageServedBits(ue: UEIndex, direction: LinkDirection) -> Double {
        guard isActive(ue) else { return 0 }
        return link(direction).averageServedBits(ue: ue.value)
    }

    /// Whether the UE has a HARQ process free for a new transmission and no
    /// retransmission waiting.
    public func canStartNewTransmission(ue: UEIndex, direction: LinkDirection) -> Bool {
        guard isActive(ue) else { return false }
        let harq = link(direction).harq
        return harq.freeMask[ue.value] != 0 && harq.retxMask[ue.value] == 0
    }

    /// Whether the UE has a transport block waiting for a retransmission.
    public func hasPendingRetransmission(ue: UEIndex, direction: LinkDirection) -> Bool {
        guard isActive(ue) else { return false }
        return link(direction).harq.retxMask[ue.value] != 0
    }

    /// The state the invariant checker compares a slot result with; take it just before
    /// ``runSlot(_:)``. Allocates: for tests and debugging only.
    public func snapshot() -> CellSchedulerSnapshot {
        var ues: [CellSchedulerSnapshot.UE] = []
        for index in 0..<highWater where active[index] {
            let ue = UEIndex(index)
            ues.append(CellSchedulerSnapshot.UE(
                ue: ue, rnti: rnti[index], slice: slices[sliceIndex[index]].id,
                dlPendingBytes: downlink.pendingBytes[index], ulPendingBytes: uplink.pendingBytes[index],
                dlMCS: downlink.mcs[index], ulMCS: uplink.mcs[index],
                dlCanStartNewTransmission: canStartNewTransmission(ue: ue, direction: .downlink),
                ulCanStartNewTransmission: canStartNewTransmission(ue: ue, direction: .uplink)))
        }
        return CellSchedulerSnapshot(ues: ues, slices: currentSlices)
    }

    func link(_ direction: LinkDirection) -> LinkState {
        direction == .downlink ? downlink : uplink
    }
}

/// The per-UE state before a slot, as the invariant checker needs it.
public struct CellSchedulerSnapshot: Sendable {
    /// One UE.
    public struct UE: Sendable {
        public var ue: UEIndex
        public var rnti: RNTI
        public var slice: SliceID
        public var dlPendingBytes: Int
        public var ulPendingBytes: Int
        public var dlMCS: Int
        public var ulMCS: Int
        public var dlCanStartNewTransmission: Bool
        public var ulCanStartNewTransmission: Bool

        func pendingBytes(_ direction: LinkDirection) -> Int {
            direction == .downlink ? dlPendingBytes : ulPendingBytes
        }

        func mcs(_ direction: LinkDirection) -> Int { direction == .downlink ? dlMCS : ulMCS }

        func canStartNewTransmission(_ direction: LinkDirection) -> Bool {
            direction == .downlink ? dlCanStartNewTransmission : ulCanStartNewTransmission
        }
    }

    /// The active UEs.
    public var ues: [UE]
    /// The slices with the quotas in force.
    public var slices: [SliceConfig]
}
