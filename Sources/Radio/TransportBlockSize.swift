/// The intermediate values and result of a TBS determination (TS 38.214 clause 5.1.3.2).
public struct TransportBlockSizeDetail: Sendable, Hashable, Codable {
    /// N'_RE capped at 156: data REs in one PRB.
    public let rePerPRB: Int
    /// N_RE = min(156, N'_RE) * n_PRB.
    public let totalREs: Int
    /// N_info = S * N_RE * R * Qm * v (unquantised information bits).
    public let nInfo: Double
    /// N'_info: N_info after quantisation.
    public let nInfoQuantized: Int
    /// Modulation order Qm.
    public let modulationOrder: Int
    /// Target code rate R x 1024.
    public let targetCodeRateX1024: Double
    /// Number of LDPC code blocks C used by the step that produced the TBS (1 for the table step).
    public let codeBlocks: Int
    /// The transport block size in bits (0 when the allocation has no data REs).
    public let bits: Int
}

/// Transport block size determination for PDSCH/PUSCH, TS 38.214 clause 5.1.3.2
/// (identical for PUSCH in clause 6.1.4.2).
public enum TransportBlockSize {
    /// TS 38.214 Table 5.1.3.2-1: TBS for N_info <= 3824.
    public static let smallTBSTable: [Int] = [
        24, 32, 40, 48, 56, 64, 72, 80, 88, 96, 104, 112, 120, 128, 136, 144, 152, 160, 168,
        176, 184, 192, 208, 224, 240, 256, 272, 288, 304, 320, 336, 352, 368, 384, 408, 432,
        456, 480, 504, 528, 552, 576, 608, 640, 672, 704, 736, 768, 808, 848, 888, 928, 984,
        1032, 1064, 1128, 1160, 1192, 1224, 1256, 1288, 1320, 1352, 1416, 1480, 1544, 1608,
        1672, 1736, 1800, 1864, 1928, 2024, 2088, 2152, 2216, 2280, 2408, 2472, 2536, 2600,
        2664, 2728, 2792, 2856, 2976, 3104, 3240, 3368, 3496, 3624, 3752, 3824,
    ]

    /// The TBS in bits for an MCS of a PDSCH MCS table.
    ///
    /// - Parameters:
    ///   - mcs: MCS index 0...`table.maxMCS`; a reserved index gives 0 (a retransmission
    ///     reuses the TBS of the initial transmission).
    ///   - table: The MCS table.
    ///   - prbs: Allocated PRBs n_PRB (>= 0).
    ///   - symbols: Allocated OFDM symbols N_symb^sh, 0...14.
    ///   - dmrsREsPerPRB: DM-RS REs per PRB N_DMRS^PRB (including CDM groups without data).
    ///   - overheadREsPerPRB: xOverhead N_oh^PRB (0, 6, 12 or 18).
    ///   - layers: Number of layers v (>= 1).
    /// - Returns: The TBS in bits, 0 when there are no data REs.
    public static func bits(mcs: Int, table: MCSTable, prbs: Int, symbols: Int = 12,
                            dmrsREsPerPRB: Int = 12, overheadREsPerPRB: Int = 0, layers: Int = 1) -> Int {
        guard let entry = table.entry(mcs: mcs) else { return 0 }
        return detail(modulationOrder: entry.modulationOrder, targetCodeRateX1024: entry.targetCodeRateX1024,
                      prbs: prbs, symbols: symbols, dmrsREsPerPRB: dmrsREsPerPRB,
                      overheadREsPerPRB: overheadREsPerPRB, layers: layers).bits
    }

    /// The TBS determination with every intermediate value, for an MCS of a table.
    /// - Returns: The detail, or `nil` for a reserved MCS index.
    public static func detail(mcs: Int, table: MCSTable, prbs: Int, symbols: Int = 12,
                              dmrsREsPerPRB: Int = 12, overheadREsPerPRB: Int = 0,
                              layers: Int = 1) -> TransportBlockSizeDetail? {
        guard let entry = table.entry(mcs: mcs) else { return nil }
        return detail(modulationOrder: entry.modulationOrder, targetCodeRateX1024: entry.targetCodeRateX1024,
                      prbs: prbs, symbols: symbols, dmrsREsPerPRB: dmrsREsPerPRB,
                      overheadREsPerPRB: overheadREsPerPRB, layers: layers)
    }

    /// The TBS determination of TS 38.214 clause 5.1.3.2 for any modulation order and
    /// code rate (as MATLAB `nrTBS` takes them).
    ///
    /// With the code rates of the MCS tables (multiples of 0.5/1024) every product below is
    /// exact in binary floating point, so the result is exact.
    /// - Parameters:
    ///   - modulationOrder: Qm (1, 2, 4, 6, 8).
    ///   - targetCodeRateX1024: R x 1024, in (0, 1024).
    ///   - prbs: n_PRB (>= 0).
    ///   - symbols: N_symb^sh, 0...14.
    ///   - dmrsREsPerPRB: N_DMRS^PRB.
    ///   - overheadREsPerPRB: N_oh^PRB.
    ///   - layers: v (>= 1).
    ///   - scaling: S of TS 38.214 Table 5.1.3.2-2 (1, 0.5 or 0.25; P-RNTI/RA-RNTI only).
    /// - Returns: Every intermediate value and the TBS.
    public static func detail(modulationOrder: Int, targetCodeRateX1024: Double, prbs: Int, symbols: Int,
                              dmrsREsPerPRB: Int, overheadREsPerPRB: Int, layers: Int,
                              scaling: Double = 1) -> TransportBlockSizeDetail {
        precondition(prbs >= 0 && layers >= 1 && (0...14).contains(symbols), "invalid TBS allocation")
        // Step 1: REs available for data.
        let rePrime = Numerology.subcarriersPerPRB * symbols - dmrsREsPerPRB - overheadREsPerPRB
        let rePerPRB = max(0, min(156, rePrime))
        let totalREs = rePerPRB * prbs
        let r = targetCodeRateX1024 / 1024
        // Step 2: unquantised information bits.
        let nInfo = scaling * Double(totalREs) * r * Double(modulationOrder) * Double(layers)
        guard nInfo > 0 else {
            return TransportBlockSizeDetail(rePerPRB: rePerPRB, totalREs: totalREs, nInfo: 0, nInfoQuantized: 0,
                                            modulationOrder: modulationOrder, targetCodeRateX1024: targetCodeRateX1024,
                                            codeBlocks: 0, bits: 0)
        }
        let nInfoQuantized: Int
        let codeBlocks: Int
        let tbs: Int
        if nInfo <= 3824 {
            // Step 3: quantise and look up Table 5.1.3.2-1.
            let n = max(3, Int(nInfo.exponent) - 6)
            let step = Double(1 << n)
            nInfoQuantized = max(24, Int((nInfo / step).rounded(.down)) << n)
            tbs = smallTBSTable.first { $0 >= nInfoQuantized } ?? 3824
            codeBlocks = 1
        } else {
            // Step 4: quantise, then segment into LDPC code blocks.
            let n = Int((nInfo - 24).exponent) - 5
            let step = Double(1 << n)
            nInfoQuantized = max(3840, Int(((nInfo - 24) / step).rounded(.toNearestOrAwayFromZero)) << n)
            if r <= 0.25 {
                codeBlocks = ceilDiv(nInfoQuantized + 24, 3816)
            } else if nInfoQuantized > 8424 {
                codeBlocks = ceilDiv(nInfoQuantized + 24, 8424)
            } else {
                codeBlocks = 1
            }
            tbs = 8 * codeBlocks * ceilDiv(nInfoQuantized + 24, 8 * codeBlocks) - 24
        }
        return TransportBlockSizeDetail(rePerPRB: rePerPRB, totalREs: totalREs, nInfo: nInfo,
                                        nInfoQuantized: nInfoQuantized, modulationOrder: modulationOrder,
                                        targetCodeRateX1024: targetCodeRateX1024, codeBlocks: codeBlocks, bits: tbs)
    }

    static func ceilDiv(_ a: Int, _ b: Int) -> Int { (a + b - 1) / b }
}
