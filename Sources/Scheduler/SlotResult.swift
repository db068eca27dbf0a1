/// A read-only view of grants held in a scheduler's preallocated buffer.
///
/// It is borrowed: valid until the next ``CellScheduler/runSlot(_:)`` of the same scheduler
/// (which overwrites the buffer) and while the scheduler lives. Copy it (`Array(list)`) to
/// keep it longer.
public struct GrantList: RandomAccessCollection {
    @usableFromInline let base: UnsafePointer<Grant>?
    /// Number of grants.
    public let count: Int

    init(base: UnsafePointer<Grant>?, count: Int) {
        self.base = base
        self.count = count
    }

    public var startIndex: Int { 0 }
    public var endIndex: Int { count }

    @inlinable public subscript(position: Int) -> Grant {
        precondition(position >= 0 && position < count, "grant index out of range")
        return base.unsafelyUnwrapped[position]
    }
}

/// What the scheduler decided in one slot of one cell.
///
/// A borrowed view (see ``GrantList``): read it before the next `runSlot`.
public struct SlotResult {
    /// The slot scheduled.
    public let slot: Int
    /// PDSCH grants for ``slot`` (empty when the slot has no DL symbols).
    public let dlGrants: GrantList
    /// PDSCH symbols of ``slot`` (0 when it has none).
    public let dlSymbols: Int
    /// The slot the UL grants are for: ``slot`` + K2.
    public let ulSlot: Int
    /// PUSCH grants for ``ulSlot`` (empty unless it is a full UL slot).
    public let ulGrants: GrantList
    /// PUSCH symbols of ``ulSlot`` (0 when it has none).
    public let ulSymbols: Int
    /// PRBs of ``ulSlot`` this slot could grant: what earlier slots granting it left (0 when
    /// it granted none).
    public var ulPRBsLeft: Int = 0

    /// The grants of one direction.
    public func grants(_ direction: LinkDirection) -> GrantList {
        direction == .downlink ? dlGrants : ulGrants
    }
}
