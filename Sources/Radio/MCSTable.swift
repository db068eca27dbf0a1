/// One row of a PDSCH MCS index table (TS 38.214 clause 5.1.3.1).
public struct MCSEntry: Sendable, Hashable {
    /// Modulation order Qm (bits per symbol: 2, 4, 6 or 8).
    public let modulationOrder: Int
    /// Target code rate R x 1024 (some 256QAM rows are half-integers, e.g. 682.5).
    public let targetCodeRateX1024: Double

    /// Target code rate R in (0, 1).
    public var targetCodeRate: Double { targetCodeRateX1024 / 1024 }
    /// Spectral efficiency Qm * R in bit/s/Hz per layer, as listed in the table.
    public var spectralEfficiency: Double { Double(modulationOrder) * targetCodeRate }
    /// A short modulation name: "QPSK", "16QAM", "64QAM" or "256QAM".
    public var modulationName: String { Radio.modulationName(order: modulationOrder) }
}

func modulationName(order: Int) -> String {
    switch order {
    case 2: return "QPSK"
    case 4: return "16QAM"
    case 6: return "64QAM"
    case 8: return "256QAM"
    default: return "Qm\(order)"
    }
}

/// The PDSCH MCS index tables of TS 38.214 clause 5.1.3.1.
public enum MCSTable: String, Sendable, CaseIterable, Codable {
    /// Table 5.1.3.1-1 ("MCS table 1"): up to 64QAM, MCS 0...28, 29...31 reserved.
    case qam64
    /// Table 5.1.3.1-2 ("MCS table 2"): up to 256QAM, MCS 0...27, 28...31 reserved.
    case qam256

    /// Creates a table from its 3GPP number (1 or 2).
    /// - Parameter number: 1 for Table 5.1.3.1-1, 2 for Table 5.1.3.1-2.
    /// - Throws: ``RadioConfigurationError`` for any other number.
    public init(number: Int) throws {
        switch number {
        case 1: self = .qam64
        case 2: self = .qam256
        default: throw RadioConfigurationError("MCS table must be 1 (64QAM, TS 38.214 Table 5.1.3.1-1) or 2 (256QAM, Table 5.1.3.1-2), got \(number)")
        }
    }

    /// The 3GPP table number, 1 or 2.
    public var number: Int { self == .qam64 ? 1 : 2 }

    /// The highest MCS index carrying a code rate (28 for table 1, 27 for table 2).
    public var maxMCS: Int { self == .qam64 ? 28 : 27 }

    /// The largest modulation order of the table (6 or 8).
    public var maxModulationOrder: Int { self == .qam64 ? 6 : 8 }

    /// The row for an MCS index.
    /// - Parameter mcs: The MCS index.
    /// - Returns: The entry, or `nil` for reserved indices (which are only valid for
    ///   retransmissions and carry no code rate) and indices outside 0...31.
    public func entry(mcs: Int) -> MCSEntry? {
        guard mcs >= 0, mcs <= maxMCS else { return nil }
        let row = self == .qam64 ? Self.table1[mcs] : Self.table2[mcs]
        return MCSEntry(modulationOrder: row.qm, targetCodeRateX1024: row.rX1024)
    }

    /// Modulation order of a reserved MCS index (TS 38.214: the Qm column of the
    /// reserved rows, used to signal a retransmission with the initial TBS).
    /// - Parameter mcs: An index in `maxMCS+1 ... 31`.
    /// - Returns: Qm, or `nil` when `mcs` is not a reserved index.
    public func reservedModulationOrder(mcs: Int) -> Int? {
        guard mcs > maxMCS, mcs <= 31 else { return nil }
        switch self {
        case .qam64: return [2, 4, 6][mcs - 29]
        case .qam256: return [2, 4, 6, 8][mcs - 28]
        }
    }

    // TS 38.214 Table 5.1.3.1-1: (Qm, R x 1024) for MCS 0...28.
    private static let table1: [(qm: Int, rX1024: Double)] = [
        (2, 120), (2, 157), (2, 193), (2, 251), (2, 308), (2, 379), (2, 449), (2, 526),
        (2, 602), (2, 679), (4, 340), (4, 378), (4, 434), (4, 490), (4, 553), (4, 616),
        (4, 658), (6, 438), (6, 466), (6, 517), (6, 567), (6, 616), (6, 666), (6, 719),
        (6, 772), (6, 822), (6, 873), (6, 910), (6, 948),
    ]

    // TS 38.214 Table 5.1.3.1-2: (Qm, R x 1024) for MCS 0...27.
    private static let table2: [(qm: Int, rX1024: Double)] = [
        (2, 120), (2, 193), (2, 308), (2, 449), (2, 602), (4, 378), (4, 434), (4, 490),
        (4, 553), (4, 616), (4, 658), (6, 466), (6, 517), (6, 567), (6, 616), (6, 666),
        (6, 719), (6, 772), (6, 822), (6, 873), (8, 682.5), (8, 711), (8, 754), (8, 797),
        (8, 841), (8, 885), (8, 916.5), (8, 948),
    ]
}
