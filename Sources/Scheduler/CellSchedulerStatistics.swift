/// HARQ events counted during a slot.
struct HARQCounters {
    var expired = 0
    var dropped = 0
}

/// Counters of HARQ events of one cell since setup.
public struct CellSchedulerStatistics: Sendable, Hashable {
    /// DL TBs dropped after `maxHARQTransmissions` NACKs.
    public var droppedDLTransportBlocks = 0
    /// UL TBs dropped after `maxHARQTransmissions` failed decodes.
    public var droppedULTransportBlocks = 0
    /// DL processes whose feedback never came (treated as NACK).
    public var dlHARQTimeouts = 0
    /// UL processes whose decode result never came (treated as failed).
    public var ulHARQTimeouts = 0
    /// Feedback for a process that was not waiting for any (ignored).
    public var unexpectedHARQFeedback = 0
    /// DL first transmissions NACKed.
    public var dlFirstTransmissionNACKs = 0
    /// DL first transmissions with feedback.
    public var dlFirstTransmissionFeedbacks = 0
    /// PDSCH grants made.
    public var dlGrants = 0
    /// PUSCH grants made.
    public var ulGrants = 0
    /// Layers over all PDSCH grants (mean DL rank = dlLayers / dlGrants).
    public var dlLayers = 0
    /// Slots with a DCI opportunity (DL or UL scheduled) under a PDCCH limit.
    public var pdcchSlots = 0
    /// CCEs those slots offered, and used.
    public var ccesAvailable = 0
    public var ccesUsed = 0
    /// DL and UL grants not made because the CORESET was full.
    public var blockedDLDCIs = 0
    public var blockedULDCIs = 0
    /// DL grants not made because no allowed K1 slot had PUCCH room.
    public var blockedByPUCCH = 0
    /// Uplink slots that can carry PUCCH, and the HARQ-ACK PUCCHs they carried.
    public var pucchSlots = 0
    public var pucchHARQ = 0
}
