import Radio
import Scheduler
import Scenario

/// How a cell's slots are used for data: symbols per slot after control, DMRS per PRB.
/// The DU's scheduler, the summary's expected peak and the full-buffer source all use it.
public enum CellCapacity {
    /// PDCCH takes the first symbols of every downlink slot.
    public static let pdcchSymbols = 2
    /// One front-loaded DMRS symbol, type 1: 12 REs per PRB.
    public static let dmrsREsPerPRB = 12

    /// A UE's receive and transmit antennas (a typical FR1 handset: 4Rx, 2Tx).
    public static let ueReceiveAntennas = 4
    public static let ueTransmitAntennas = 2

    /// The most DL layers a UE of the cell can be given.
    public static func maxDownlinkLayers(_ cell: CellConfig) -> Int { min(cell.antennaPorts, ueReceiveAntennas) }

    /// The most UL layers.
    public static func maxUplinkLayers(_ cell: CellConfig) -> Int { min(cell.antennaPorts, ueTransmitAntennas) }

    public static func tddPattern(_ cell: CellConfig) -> TDDPattern {
        cell.duplex == .fdd ? .fdd : ((try? TDDPattern(cell.tddPattern)) ?? .fdd)
    }

    /// TS 38.214 peak downlink rate of a cell (``peakThroughputBps``): the largest TBS of its
    /// highest MCS in every slot's PDSCH symbols, as the DU's scheduler counts them, at the most
    /// layers a UE of the cell can get.
    public static func peakDownlinkBps(_ cell: CellConfig, numerology: Numerology) -> Double {
        let table: MCSTable = cell.mcsTable == .qam256 ? .qam256 : .qam64
        return peakThroughputBps(mcs: cell.fixedMCS ?? table.maxMCS, table: table, prbs: cell.prbs,
                                 symbols: Numerology.symbolsPerSlot - pdcchSymbols, dmrsREsPerPRB: dmrsREsPerPRB,
                                 layers: maxDownlinkLayers(cell), numerology: numerology, tddPattern: tddPattern(cell))
    }
}

extension CellCapacity {
    /// Scheduler slice of a UE: its group's slice, or the implicit last one for groups without.
    public static func sliceID(of ue: Topology.UE, _ topology: Topology) -> SliceID? {
        let slices = topology.scenario.slices
        guard !slices.isEmpty else { return nil }
        let name = topology.scenario.ueGroups[ue.groupIndex].slice
        return SliceID(slices.firstIndex { $0.name == name } ?? slices.count)
    }

    /// The DU scheduler's configuration for a cell of the scenario.
    public static func schedulerConfig(_ cell: CellConfig, maxUEs: Int, topology: Topology) -> CellSchedulerConfig {
        let base: BaseRanking = switch cell.scheduler {
        case .roundRobin: .roundRobin
        case .proportionalFair: .proportionalFair(windowSlots: cell.pfWindowSlots)
        case .maxRate: .maxRate
        }
        let slices = topology.scenario.slices
        let policy: SchedulingPolicy = if !slices.isEmpty {
            .sliceAware(base: base)
        } else {
            switch base {
            case .roundRobin: .roundRobin
            case let .proportionalFair(window): .proportionalFair(windowSlots: window)
            case .maxRate: .maxRate
            }
        }
        var config = CellSchedulerConfig(prbs: cell.prbs, tdd: tddPattern(cell),
                                         mcsTable: cell.mcsTable == .qam256 ? .qam256 : .qam64,
                                         policy: policy, maxUEs: maxUEs)
        config.maxDLGrantsPerSlot = cell.maxGrantsDL
        config.maxULGrantsPerSlot = cell.maxGrantsUL
        config.fixedMCS = cell.fixedMCS
        config.dlSymbols = Numerology.symbolsPerSlot - pdcchSymbols
        config.dmrsREsPerPRB = dmrsREsPerPRB
        // HARQ feedback returns over fronthaul and air both ways: DU -> RU -> channel -> UE and back.
        let links = topology.linkDelays
        // An NTN cell adds its worst-case propagation both ways (the K_offset of TS 38.213 4.2).
        let ntnOneWayUs = cell.ntn.flatMap { c in topology.ntnGeometry().map { $0.maxOneWayDelayMs(c) * 1000 } } ?? 0
        let roundTrip = Int(2 * topology.delaySlots(us: links.fronthaulUs) + 4 * topology.delaySlots(us: links.airUs))
            + 2 * Int((ntnOneWayUs / topology.numerology.slotDurationUs).rounded(.up))
        // The HARQ-ACK goes K1 slots after the PDSCH (TDD-aware, PUCCH room permitting) and
        // then takes the links' round trip to reach the scheduler.
        config.layers = maxDownlinkLayers(cell)
        config.ulLayers = maxUplinkLayers(cell)
        config.k1 = cell.mac.minK1
        config.k1Candidates = cell.mac.k1
        config.feedbackTransportSlots = roundTrip
        config.ulGrantOffsetSlots = cell.mac.minK2
        config.pdcch = cell.mac.coresetPRBs.map { PDCCHConfig(coresetPRBs: $0, coresetSymbols: cell.mac.coresetSymbols) }
            ?? PDCCHConfig.fitting(carrierPRBs: cell.prbs, symbols: cell.mac.coresetSymbols)
        config.pucch = PUCCHConfig(harqResourcesPerULSlot: cell.mac.pucchPerSlot,
                                   srPeriodSlots: slots(ms: cell.mac.srPeriodMs, topology),
                                   csiPeriodSlots: slots(ms: cell.mac.csiPeriodMs, topology))
        config.referenceSignals = referenceSignals(cell, topology)
        config.harqFeedbackTimeoutSlots = roundTrip + 8
        config.harqProcessesPerUE = cell.harqProcesses
        config.maxHARQTransmissions = cell.maxHARQTransmissions
        if !slices.isEmpty {
            // The scheduler sees a packet's age from its creation at the core, so its deadline is
            // the slice target less the delay still ahead after the DU: fronthaul and air, both ways of the channel.
            let downstream = Int(topology.delaySlots(us: links.fronthaulUs) + 2 * topology.delaySlots(us: links.airUs))
            let slotMs = topology.numerology.slotDurationUs / 1000
            config.slices = slices.enumerated().map { i, s in
                let target = s.latencyTargetMs > 0 ? max(1, Int(s.latencyTargetMs / slotMs) - downstream) : nil
                return SliceConfig(id: SliceID(i), minPRBShare: s.minPRBShare, maxPRBShare: s.maxPRBShare,
                                   priority: s.priority, latencyTargetSlots: target)
            } + [SliceConfig(id: SliceID(slices.count))]   // UEs of groups that name no slice
        }
        return config
    }

    /// Whole slots (>= 1) in `ms` milliseconds.
    static func slots(ms: Double, _ topology: Topology) -> Int {
        max(1, Int((ms * 1000 / topology.numerology.slotDurationUs).rounded()))
    }

    /// SSB, CSI-RS and TRS of a cell: an SSB burst every 20 ms (the period a UE assumes for
    /// initial access) of L = 4, 8 or 64 blocks by carrier (TS 38.213 clause 4.1), two to a slot;
    /// CSI-RS with one RE per antenna port per PRB once per CSI period, in the first downlink slot
    /// after the burst, and the TRS in the two slots after it.
    static func referenceSignals(_ cell: CellConfig, _ topology: Topology) -> ReferenceSignalConfig {
        let blocks = cell.carrierGHz <= 3 ? 4 : cell.carrierGHz <= 6 ? 8 : 64
        let ssbPeriod = slots(ms: 20, topology)
        let ssbSlots = min(ssbPeriod, blocks / 2)
        let csiPeriod = max(3, slots(ms: cell.mac.csiPeriodMs, topology))
        let tdd = tddPattern(cell)
        let offset = (ssbSlots..<(ssbSlots + tdd.periodSlots)).first { tdd.downlinkSymbols(slot: $0) >= Numerology.symbolsPerSlot } ?? ssbSlots
        return ReferenceSignalConfig(ssbPeriodSlots: ssbPeriod, ssbSlots: ssbSlots, ssbPRBs: min(20, cell.prbs - 1),
                                     csiRSPeriodSlots: csiPeriod, csiRSOffsetSlots: offset % csiPeriod,
                                     csiRSREsPerPRB: cell.antennaPorts)
    }
}
