import Radio
import Scenario

/// A `faults:` entry as one node applies it to what it sends on one of its links, in slots.
struct LinkImpairment {
    var link: Int
    var fromSlot: UInt64
    var untilSlot: UInt64
    /// Percent of units dropped, and of the rest corrupted.
    var drop: Double
    var corrupt: Double
    var delaySlots: UInt64
    var jitterSlots: UInt64
}

extension Topology {
    /// Whole slots in `ms` milliseconds, rounded up (0 for 0).
    func slotsUp(ms: Double) -> UInt64 {
        ms <= 0 ? 0 : UInt64((ms * 1000 / numerology.slotDurationUs - 1e-9).rounded(.up))
    }

    /// The impairments of the units `node` sends over its links (`links` in the node's order).
    func impairments(of node: String, links: [String]) -> [LinkImpairment] {
        scenario.faults.compactMap { fault in
            guard let pair = fault.link, pair.count == 2, pair.contains(node) else { return nil }
            let peer = pair[0] == node ? pair[1] : pair[0]
            guard let link = links.firstIndex(of: peer) else { return nil }
            let (from, until) = faultSlots(fault)
            return LinkImpairment(link: link, fromSlot: from, untilSlot: until,
                                  drop: fault.drop, corrupt: fault.corrupt,
                                  delaySlots: slotsUp(ms: fault.delayMs), jitterSlots: slotsUp(ms: fault.jitterMs))
        }
    }

    /// The slots a fault spans: from the slot of `at`, at least one.
    func faultSlots(_ fault: LinkFault) -> (from: UInt64, until: UInt64) {
        let from = UInt64((fault.atMs * 1000 / numerology.slotDurationUs).rounded())
        return (from, from + max(1, slotsUp(ms: fault.durationMs)))
    }

    /// The slot ranges in which `node` is frozen.
    func freezes(of node: String) -> [Range<UInt64>] {
        scenario.faults.filter { $0.node == node && $0.action == .freeze }.map { fault in
            let (from, until) = faultSlots(fault)
            return from..<until
        }
    }

    /// The slot ranges in which `node` is down after a restart fault, in time order: it is killed
    /// before the first slot and a new one runs from the range's end.
    public func restarts(of node: String) -> [Range<UInt64>] {
        scenario.faults.filter { $0.node == node && $0.action == .restart }.map { fault in
            let (from, until) = faultSlots(fault)
            return from..<until
        }.sorted { $0.lowerBound < $1.lowerBound }
    }

    /// The most slots an impairment adds to a unit's delivery (0 without faults).
    var longestImpairmentSlots: UInt64 {
        scenario.faults.map { slotsUp(ms: $0.delayMs) + slotsUp(ms: $0.jitterMs) }.max() ?? 0
    }
}
