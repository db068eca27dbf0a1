/// The receiving PDCP entity's duplicate discard (TS 38.323 clause 5.2.2): an SDU whose
/// sequence number was already delivered is dropped. HARQ delivers a block twice when its ACK is
/// lost (the sender retransmits what the receiver had decoded); RLC UM does not notice, PDCP does.
struct PDCPDuplicateFilter: Sendable {
    /// Sequence numbers remembered behind the highest one delivered (half the 12-bit SN space).
    static let window: UInt32 = 2048

    private var highest: UInt32?
    /// One bit per sequence number of the window, indexed by `sequence % window`.
    private var delivered = [UInt64](repeating: 0, count: Int(Self.window / 64))
    /// SDUs dropped as duplicates (or older than the window).
    private(set) var discarded: UInt64 = 0

    /// Whether the SDU is new (deliver it); false for a duplicate, which is counted.
    mutating func accept(_ sequence: UInt32) -> Bool {
        guard let top = highest else {
            highest = sequence
            mark(sequence)
            return true
        }
        if sequence > top {
            // Slide the window: what falls out of it is forgotten.
            if sequence - top >= Self.window {
                for i in delivered.indices { delivered[i] = 0 }
            } else {
                var s = top &+ 1
                while s != sequence { clear(s); s &+= 1 }
                clear(sequence)
            }
            highest = sequence
            mark(sequence)
            return true
        }
        guard top - sequence < Self.window, !isMarked(sequence) else {
            discarded += 1
            return false
        }
        mark(sequence)
        return true
    }

    private func index(_ s: UInt32) -> (word: Int, bit: UInt64) {
        let i = s % Self.window
        return (Int(i / 64), 1 << UInt64(i % 64))
    }
    private mutating func mark(_ s: UInt32) { let (w, b) = index(s); delivered[w] |= b }
    private mutating func clear(_ s: UInt32) { let (w, b) = index(s); delivered[w] &= ~b }
    private func isMarked(_ s: UInt32) -> Bool { let (w, b) = index(s); return delivered[w] & b != 0 }
}
