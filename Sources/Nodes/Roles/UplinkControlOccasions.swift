import Radio
import Scenario

/// When a UE may send a scheduling request (its buffer status) or a periodic CSI report on
/// PUCCH: one occasion per period, in a full uplink slot chosen by the UE's id so the UEs of
/// a cell spread over the period's uplink slots (as a gNB configures dedicated resources).
struct UplinkControlOccasions {
    let srPeriod: Int
    let csiPeriod: Int
    /// The uplink slots within each period.
    private let srSlots: [Int]
    private let csiSlots: [Int]
    /// Slots a UE's clock runs behind the DU's air-slot numbering (DU -> RU -> channel -> UE).
    private let lagSlots: Int

    init(cell: CellConfig, topology: Topology) {
        srPeriod = CellCapacity.slots(ms: cell.mac.srPeriodMs, topology)
        csiPeriod = CellCapacity.slots(ms: cell.mac.csiPeriodMs, topology)
        let tdd = CellCapacity.tddPattern(cell)
        func uplinkSlots(_ period: Int) -> [Int] {
            let ul = (0..<period).filter { tdd.uplinkSymbols(slot: $0) >= Numerology.symbolsPerSlot }
            return ul.isEmpty ? [0] : ul
        }
        srSlots = uplinkSlots(srPeriod)
        csiSlots = uplinkSlots(csiPeriod)
        let links = topology.linkDelays
        lagSlots = Int(topology.delaySlots(us: links.fronthaulUs) + 2 * topology.delaySlots(us: links.airUs))
    }

    /// Whether `slot` (the UE node's slot) is the UE's scheduling-request occasion.
    func isSROccasion(ue: UInt32, slot: UInt64) -> Bool { hits(ue: ue, slot: slot, period: srPeriod, slots: srSlots) }

    /// Whether `slot` is the UE's periodic CSI occasion.
    func isCSIOccasion(ue: UInt32, slot: UInt64) -> Bool { hits(ue: ue, slot: slot, period: csiPeriod, slots: csiSlots) }

    private func hits(ue: UInt32, slot: UInt64, period: Int, slots: [Int]) -> Bool {
        let air = Int(slot) - lagSlots
        guard air >= 0 else { return false }
        return air % period == slots[Int(ue) % slots.count]
    }
}
