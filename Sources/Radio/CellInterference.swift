/// What the SINR and interference models need to know about a cell.
public struct RadioCell: Sendable, Hashable {
    /// Carrier frequency, GHz: only cells on the same carrier interfere.
    public var carrierGHz: Double
    /// PRBs of the carrier.
    public var prbs: Int
    /// RU transmit power over the carrier, dBm.
    public var txPowerDbm: Double
    /// False for an NTN cell: its links have budgets of their own and it takes no part in
    /// terrestrial interference.
    public var isTerrestrial: Bool

    public init(carrierGHz: Double, prbs: Int, txPowerDbm: Double, isTerrestrial: Bool = true) {
        precondition(prbs > 0, "a carrier has at least one PRB")
        self.carrierGHz = carrierGHz
        self.prbs = prbs
        self.txPowerDbm = txPowerDbm
        self.isTerrestrial = isTerrestrial
    }
}

/// Which cells interfere with which, and how loaded each looks to a wideband measurement.
///
/// Only terrestrial cells on the same carrier interfere, so a capacity carrier can be
/// co-sited with a coverage carrier. Transport blocks see the other cells' blocks of their
/// slot; a measurement sees each other cell at the slow average of its PRB use over downlink
/// slots, and not at all once the cell has been silent for longer than `silenceSlots`
/// (no UE left, or its RU asleep).
public struct CellInterference: Sendable {
    /// Weight of the newest downlink slot in the load average.
    public static let loadSmoothing = 0.1

    public let cells: [RadioCell]
    /// Slots without a downlink transmission after which a cell no longer interferes with measurements.
    public let silenceSlots: UInt64
    /// Average PRB use of each cell over downlink slots, 0...1.
    public private(set) var load: [Double]
    /// Slot of each cell's last downlink transmission (nil: none yet).
    private var lastTransmitSlot: [UInt64?]

    /// - Parameters:
    ///   - cells: The cells, indexed as everywhere else in the model.
    ///   - silenceSlots: Silence after which a cell stops interfering with measurements.
    ///   - initialLoad: Load assumed before any slot is seen (default 0.5).
    public init(cells: [RadioCell], silenceSlots: UInt64, initialLoad: Double = 0.5) {
        self.cells = cells
        self.silenceSlots = silenceSlots
        load = Array(repeating: initialLoad, count: cells.count)
        lastTransmitSlot = Array(repeating: nil, count: cells.count)
    }

    /// Whether what `other` transmits interferes with reception in `cell`.
    public func interferes(_ other: Int, with cell: Int) -> Bool {
        other != cell && cells[other].isTerrestrial && cells[other].carrierGHz == cells[cell].carrierGHz
    }

    /// Records a slot in which some cell transmitted downlink; cells that sent nothing then
    /// radiated nothing, so their load decays.
    /// - Parameters:
    ///   - prbsUsed: PRBs each cell used in the slot.
    ///   - slot: The slot.
    public mutating func recordDownlinkSlot(prbsUsed: [Int], slot: UInt64) {
        precondition(prbsUsed.count == cells.count, "one PRB count per cell")
        for (c, n) in prbsUsed.enumerated() where n > 0 { lastTransmitSlot[c] = slot }
        for (c, n) in prbsUsed.enumerated() {
            let use = min(1, Double(n) / Double(cells[c].prbs))
            load[c] = (1 - Self.loadSmoothing) * load[c] + Self.loadSmoothing * use
        }
    }

    /// The fraction of full power at which a cell interferes with a measurement made in `slot`.
    public func measurementWeight(of cell: Int, slot: UInt64) -> Double {
        guard let last = lastTransmitSlot[cell] else { return load[cell] }
        return slot - last > silenceSlots ? 0 : load[cell]
    }
}
