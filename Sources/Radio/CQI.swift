import Foundation

/// The 4-bit CQI tables of TS 38.214 clause 5.2.2.1.
public enum CQITable: String, Sendable, CaseIterable, Codable {
    /// Table 5.2.2.1-2: up to 64QAM (pairs with MCS table 1).
    case table1
    /// Table 5.2.2.1-3: up to 256QAM (pairs with MCS table 2).
    case table2

    /// Creates a table from its number (1 or 2).
    /// - Throws: ``RadioConfigurationError`` for any other number.
    public init(number: Int) throws {
        switch number {
        case 1: self = .table1
        case 2: self = .table2
        default: throw RadioConfigurationError("CQI table must be 1 (TS 38.214 Table 5.2.2.1-2) or 2 (Table 5.2.2.1-3), got \(number)")
        }
    }

    /// The CQI table that matches an MCS table (64QAM -> table 1, 256QAM -> table 2).
    public init(matching mcsTable: MCSTable) {
        self = mcsTable == .qam64 ? .table1 : .table2
    }

    /// The highest CQI index.
    public static let maxCQI = 15

    /// Modulation order of a CQI (0 for CQI 0, "out of range").
    public func modulationOrder(cqi: Int) -> Int {
        guard (1...15).contains(cqi) else { return 0 }
        return rows[cqi].qm
    }

    /// Code rate x 1024 of a CQI (0 for CQI 0).
    public func codeRateX1024(cqi: Int) -> Int {
        guard (1...15).contains(cqi) else { return 0 }
        return rows[cqi].rX1024
    }

    /// Spectral efficiency of a CQI, Qm * R, as listed in the table (0 for CQI 0).
    /// - Parameter cqi: CQI index 0...15.
    public func efficiency(cqi: Int) -> Double {
        guard (1...15).contains(cqi) else { return 0 }
        return Double(rows[cqi].qm * rows[cqi].rX1024) / 1024
    }

    /// The SINR threshold of a CQI: the lowest SINR at which the UE reports it, i.e.
    /// where its efficiency is decoded with about 10% BLER on ``LinkCurve/standard``.
    /// For table 1 these are -6.7, -4.7, -2.3, 0.2, 2.4, 4.3, 5.9, 8.1, 10.3, 11.7, 14.1,
    /// 16.3, 18.7, 21.0, 22.7 dB (within 0.05 dB); for table 2 CQI 15 needs 29.7 dB.
    /// - Parameters:
    ///   - cqi: CQI index 1...15.
    ///   - curve: The link curve.
    /// - Returns: The threshold in dB (`-infinity` for CQI 0).
    public func thresholdDb(cqi: Int, curve: LinkCurve = .standard) -> Double {
        guard cqi >= 1 else { return -.infinity }
        return curve.requiredSINRDb(spectralEfficiency: efficiency(cqi: min(cqi, 15)))
    }

    /// The CQI a UE reports at a SINR: the highest CQI whose threshold is met.
    /// - Parameters:
    ///   - sinrDb: The (effective) SINR in dB.
    ///   - table: The CQI table.
    ///   - curve: The link curve.
    /// - Returns: CQI 0...15 (0 means out of range).
    public static func cqi(sinrDb: Double, table: CQITable, curve: LinkCurve = .standard) -> Int {
        let thresholds = curve == .standard ? table.standardThresholdsDb : (0...15).map { table.thresholdDb(cqi: $0, curve: curve) }
        var cqi = 0
        for index in 1...15 where sinrDb >= thresholds[index] { cqi = index }
        return cqi
    }

    /// The MCS for a reported CQI: the largest MCS whose spectral efficiency does not
    /// exceed that of the CQI.
    /// - Parameters:
    ///   - cqi: CQI 0...15 (CQI 0 and CQIs below MCS 0 map to MCS 0).
    ///   - table: The CQI table the report refers to.
    ///   - mcsTable: The MCS table in use.
    /// - Returns: An MCS index 0...`mcsTable.maxMCS`.
    public static func mcs(forCQI cqi: Int, table: CQITable, mcsTable: MCSTable) -> Int {
        let target = table.efficiency(cqi: cqi)
        var best = 0
        for mcs in 0...mcsTable.maxMCS {
            // Compare with the table's 4-decimal rounding slack so equal rows match exactly.
            if let entry = mcsTable.entry(mcs: mcs), entry.spectralEfficiency <= target + 1e-9 { best = mcs }
        }
        return best
    }

    /// ``mcs(forCQI:table:mcsTable:)`` with the CQI table matching the MCS table.
    public static func mcs(forCQI cqi: Int, mcsTable: MCSTable) -> Int {
        mcs(forCQI: cqi, table: CQITable(matching: mcsTable), mcsTable: mcsTable)
    }

    private var standardThresholdsDb: [Double] {
        self == .table1 ? Self.table1Thresholds : Self.table2Thresholds
    }
    private static let table1Thresholds = (0...15).map { CQITable.table1.thresholdDb(cqi: $0) }
    private static let table2Thresholds = (0...15).map { CQITable.table2.thresholdDb(cqi: $0) }

    private var rows: [(qm: Int, rX1024: Int)] {
        self == .table1 ? Self.rows1 : Self.rows2
    }

    // TS 38.214 Table 5.2.2.1-2 (index 0 = out of range).
    private static let rows1: [(qm: Int, rX1024: Int)] = [
        (0, 0), (2, 78), (2, 120), (2, 193), (2, 308), (2, 449), (2, 602), (4, 378), (4, 490),
        (4, 616), (6, 466), (6, 567), (6, 666), (6, 772), (6, 873), (6, 948),
    ]
    // TS 38.214 Table 5.2.2.1-3.
    private static let rows2: [(qm: Int, rX1024: Int)] = [
        (0, 0), (2, 78), (2, 193), (2, 449), (4, 378), (4, 490), (4, 616), (6, 466), (6, 567),
        (6, 666), (6, 772), (6, 873), (8, 711), (8, 797), (8, 885), (8, 948),
    ]
}
