/// What a slot carries in a TDD pattern (TS 38.213 clause 11.1, simplified to whole slots).
public enum SlotKind: String, Sendable, Hashable, Codable {
    /// All symbols downlink.
    case downlink
    /// All symbols uplink.
    case uplink
    /// Downlink symbols, a guard period, then uplink symbols.
    case special
    /// FDD: a paired carrier, every slot carries both a full DL and a full UL slot.
    case downlinkAndUplink
}

/// A periodic slot pattern such as "DDDSU" or "DDDDDDDSUU", or FDD.
public struct TDDPattern: Sendable, Hashable, Codable, CustomStringConvertible {
    /// The slot kinds of one period.
    public let slots: [SlotKind]
    /// Downlink symbols in a special slot.
    public let specialDownlinkSymbols: Int
    /// Guard symbols in a special slot.
    public let specialGuardSymbols: Int
    /// Uplink symbols in a special slot.
    public let specialUplinkSymbols: Int

    /// FDD: every slot carries 14 DL and 14 UL symbols.
    public static let fdd = TDDPattern(fddSlots: ())

    private init(fddSlots: ()) {
        slots = [.downlinkAndUplink]
        specialDownlinkSymbols = 0
        specialGuardSymbols = 0
        specialUplinkSymbols = 0
    }

    /// Parses a pattern string.
    /// - Parameters:
    ///   - pattern: Letters D (downlink), S (special), U (uplink), one per slot, case
    ///     insensitive, at most 80 slots (the 10 ms period at 120 kHz); "FDD" gives ``fdd``.
    ///   - specialDownlinkSymbols: DL symbols of a special slot (default 10).
    ///   - specialGuardSymbols: Guard symbols of a special slot (default 2).
    ///   - specialUplinkSymbols: UL symbols of a special slot (default 2).
    /// - Throws: ``RadioConfigurationError`` naming the bad character and its position, an
    ///   empty pattern, or special-slot symbols that do not add up to 14.
    public init(_ pattern: String, specialDownlinkSymbols: Int = 10, specialGuardSymbols: Int = 2,
                specialUplinkSymbols: Int = 2) throws {
        if pattern.uppercased() == "FDD" {
            self = .fdd
            return
        }
        guard !pattern.isEmpty else {
            throw RadioConfigurationError("TDD pattern is empty: use letters D, S, U (e.g. \"DDDSU\") or \"FDD\"")
        }
        guard pattern.count <= 80 else {
            throw RadioConfigurationError("TDD pattern has \(pattern.count) slots; at most 80 are allowed")
        }
        var kinds: [SlotKind] = []
        for (index, character) in pattern.enumerated() {
            switch character {
            case "D", "d": kinds.append(.downlink)
            case "U", "u": kinds.append(.uplink)
            case "S", "s": kinds.append(.special)
            default:
                throw RadioConfigurationError(
                    "TDD pattern \"\(pattern)\" has '\(character)' at slot \(index); only D (downlink), S (special) and U (uplink) are allowed")
            }
        }
        let counts = [specialDownlinkSymbols, specialGuardSymbols, specialUplinkSymbols]
        guard counts.allSatisfy({ $0 >= 0 }), counts.reduce(0, +) == Numerology.symbolsPerSlot else {
            throw RadioConfigurationError(
                "special slot symbols DL \(specialDownlinkSymbols) + guard \(specialGuardSymbols) + UL \(specialUplinkSymbols) must be non-negative and add up to 14")
        }
        slots = kinds
        self.specialDownlinkSymbols = specialDownlinkSymbols
        self.specialGuardSymbols = specialGuardSymbols
        self.specialUplinkSymbols = specialUplinkSymbols
    }

    /// Whether this is the FDD pattern.
    public var isFDD: Bool { slots == [.downlinkAndUplink] }

    /// Slots in one period.
    public var periodSlots: Int { slots.count }

    /// The kind of an absolute slot number (the pattern repeats from slot 0).
    /// - Parameter slot: Slot number (>= 0), e.g. counted since the start of the run.
    @inlinable
    public func kind(ofSlot slot: Int) -> SlotKind {
        slots[slot % slots.count]
    }

    /// Downlink OFDM symbols in a slot: 14, the special slot's DL symbols, or 0.
    @inlinable
    public func downlinkSymbols(slot: Int) -> Int {
        switch kind(ofSlot: slot) {
        case .downlink, .downlinkAndUplink: return Numerology.symbolsPerSlot
        case .special: return specialDownlinkSymbols
        case .uplink: return 0
        }
    }

    /// PDSCH symbols of a slot: `fullSlotSymbols` in a full downlink slot; in a special slot its
    /// downlink symbols less the same control symbols (`14 - fullSlotSymbols`), at least 0; 0 in
    /// an uplink slot. The scheduler and the peak rate both count data symbols this way.
    /// - Parameters:
    ///   - slot: Slot number (>= 0).
    ///   - fullSlotSymbols: PDSCH symbols of a full downlink slot (14 minus the PDCCH symbols).
    @inlinable
    public func pdschSymbols(slot: Int, fullSlotSymbols: Int) -> Int {
        let dl = downlinkSymbols(slot: slot)
        if dl >= Numerology.symbolsPerSlot { return fullSlotSymbols }
        return max(0, dl - (Numerology.symbolsPerSlot - fullSlotSymbols))
    }

    /// Uplink OFDM symbols in a slot: 14, the special slot's UL symbols, or 0.
    @inlinable
    public func uplinkSymbols(slot: Int) -> Int {
        switch kind(ofSlot: slot) {
        case .uplink, .downlinkAndUplink: return Numerology.symbolsPerSlot
        case .special: return specialUplinkSymbols
        case .downlink: return 0
        }
    }

    /// Fraction of symbols of a period available to the downlink (1 for FDD).
    public var downlinkSymbolFraction: Double {
        let total = (0..<periodSlots).reduce(0) { $0 + downlinkSymbols(slot: $1) }
        return Double(total) / Double(periodSlots * Numerology.symbolsPerSlot)
    }

    /// Fraction of symbols of a period available to the uplink (1 for FDD).
    public var uplinkSymbolFraction: Double {
        let total = (0..<periodSlots).reduce(0) { $0 + uplinkSymbols(slot: $1) }
        return Double(total) / Double(periodSlots * Numerology.symbolsPerSlot)
    }

    /// The pattern as a string ("DDDSU", or "FDD").
    public var description: String {
        if isFDD { return "FDD" }
        return String(slots.map { kind -> Character in
            switch kind {
            case .downlink: return "D"
            case .uplink: return "U"
            case .special: return "S"
            case .downlinkAndUplink: return "F"
            }
        })
    }
}
