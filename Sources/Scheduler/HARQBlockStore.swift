/// The DU's copy of each downlink transport block on a HARQ process, kept for
/// retransmission until it is acknowledged (TS 38.321 clause 5.3.2), per UE and process.
///
/// ``CellScheduler`` decides when a process is retransmitted; this store holds what goes
/// out then (the block with its RLC segments). `Block` is the DU's block type: the scheduler
/// does not need to know what a block carries.
///
/// A block can be stored *unsent*: its first transmission fell in a slot the vDU processed
/// too late, so it never left and counts as NACKed; its first retransmission is then the
/// first time it is on air.
public struct HARQBlockStore<Block> {
    /// Processes kept per UE: 32, the most TS 38.321 allows, so any configured count fits.
    public static var processesPerUE: Int { 32 }

    /// [ue][process]
    @usableFromInline var blocks: [[Block?]] = []
    /// [ue][process]: the block's first transmission was never sent.
    @usableFromInline var unsent: [[Bool]] = []

    public init() {}

    /// UEs the store has room for (scheduler UE indices 0..<ueCount).
    public var ueCount: Int { blocks.count }

    /// Blocks kept on some process (sent, not yet acknowledged).
    public var heldBlocks: Int { blocks.reduce(0) { $0 + $1.reduce(0) { $0 + ($1 == nil ? 0 : 1) } } }

    /// Makes room for UE indices up to `ue`.
    public mutating func makeRoom(forUE ue: Int) {
        while blocks.count <= ue {
            blocks.append(Array(repeating: nil, count: Self.processesPerUE))
            unsent.append(Array(repeating: false, count: Self.processesPerUE))
        }
    }

    /// Forgets every block of a UE: it has left the cell, or its index is reused.
    public mutating func clear(ue: Int) {
        blocks[ue] = Array(repeating: nil, count: Self.processesPerUE)
        unsent[ue] = Array(repeating: false, count: Self.processesPerUE)
    }

    /// The block kept on a process, if any.
    @inlinable
    public func block(ue: Int, process: Int) -> Block? {
        blocks[ue][process % Self.processesPerUE]
    }

    /// Keeps the block sent (first transmission or retransmission) on a process.
    @inlinable
    public mutating func store(_ block: Block, ue: Int, process: Int) {
        blocks[ue][process % Self.processesPerUE] = block
    }

    /// Keeps a block whose first transmission missed its air time (a late slot).
    @inlinable
    public mutating func storeUnsent(_ block: Block, ue: Int, process: Int) {
        blocks[ue][process % Self.processesPerUE] = block
        unsent[ue][process % Self.processesPerUE] = true
    }

    /// An ACK: the UE has the block, the process is free.
    @inlinable
    public mutating func acknowledge(ue: Int, process: Int) {
        blocks[ue][process % Self.processesPerUE] = nil
    }

    /// Whether the block on a process was stored unsent and is now sent for the first time;
    /// true once per unsent store.
    @inlinable
    public mutating func takeUnsent(ue: Int, process: Int) -> Bool {
        let p = process % Self.processesPerUE
        guard unsent[ue][p] else { return false }
        unsent[ue][p] = false
        return true
    }
}

extension HARQBlockStore: Sendable where Block: Sendable {}
