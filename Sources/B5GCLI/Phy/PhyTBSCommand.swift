import ArgumentParser
import Radio

/// `b5g phy tbs`: the TS 38.214 clause 5.1.3.2 transport block size with its intermediate values.
struct PhyTBSCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tbs",
        abstract: "Transport block size per TS 38.214 clause 5.1.3.2, with N_RE, N_info, Qm and R.")

    @Option(help: "MCS index (0...28 for table 1, 0...27 for table 2).")
    var mcs: Int

    @Option(help: "Allocated PRBs (1...275).")
    var prbs: Int

    @Option(help: "PDSCH OFDM symbols in the slot (1...14).")
    var symbols: Int = 12

    @Option(help: "DM-RS REs per PRB, N_DMRS^PRB (0...72).")
    var dmrs: Int = 12

    @Option(help: "xOverhead REs per PRB, N_oh^PRB (0, 6, 12 or 18).")
    var overhead: Int = 0

    @Option(help: "MIMO layers (1...4).")
    var layers: Int = 1

    @Option(help: "MCS table: 1 (64QAM, TS 38.214 Table 5.1.3.1-1) or 2 (256QAM, Table 5.1.3.1-2).")
    var table: Int = 1

    @Flag(help: "Print one JSON object.")
    var json = false

    func validate() throws {
        let mcsTable: MCSTable
        do { mcsTable = try MCSTable(number: table) } catch { throw ValidationError("--table: \(error)") }
        guard (0...31).contains(mcs) else { throw ValidationError("--mcs must be 0...\(mcsTable.maxMCS) for table \(table), got \(mcs)") }
        guard mcs <= mcsTable.maxMCS else {
            throw ValidationError("--mcs \(mcs) is reserved in table \(table) (retransmission only, no code rate); use 0...\(mcsTable.maxMCS)")
        }
        guard (1...275).contains(prbs) else { throw ValidationError("--prbs must be 1...275, got \(prbs)") }
        guard (1...14).contains(symbols) else { throw ValidationError("--symbols must be 1...14, got \(symbols)") }
        guard (0...72).contains(dmrs) else { throw ValidationError("--dmrs must be 0...72 REs per PRB, got \(dmrs)") }
        guard [0, 6, 12, 18].contains(overhead) else { throw ValidationError("--overhead must be 0, 6, 12 or 18 (xOverhead), got \(overhead)") }
        guard (1...4).contains(layers) else { throw ValidationError("--layers must be 1...4, got \(layers)") }
        let rePerPRB = 12 * symbols - dmrs - overhead
        guard rePerPRB > 0 else {
            throw ValidationError("no data REs: 12 x \(symbols) symbols - \(dmrs) DM-RS - \(overhead) overhead = \(rePerPRB) per PRB")
        }
    }

    func run() throws {
        let mcsTable = try MCSTable(number: table)
        guard let d = TransportBlockSize.detail(mcs: mcs, table: mcsTable, prbs: prbs, symbols: symbols,
                                                dmrsREsPerPRB: dmrs, overheadREsPerPRB: overhead, layers: layers),
              let entry = mcsTable.entry(mcs: mcs) else {
            throw ValidationError("--mcs \(mcs) has no code rate in table \(table)")
        }
        if json {
            try phyPrintJSON(PhyTBSReport(
                tbsBits: d.bits, mcs: mcs, mcsTable: table, modulationOrder: d.modulationOrder,
                modulation: entry.modulationName, codeRateX1024: d.targetCodeRateX1024, codeRate: entry.targetCodeRate,
                spectralEfficiency: entry.spectralEfficiency, prbs: prbs, symbols: symbols, dmrsREsPerPRB: dmrs,
                overheadREsPerPRB: overhead, layers: layers, rePerPRB: d.rePerPRB, nRE: d.totalREs, nInfo: d.nInfo,
                nInfoQuantized: d.nInfoQuantized, codeBlocks: d.codeBlocks))
            return
        }
        print("TBS \(d.bits) bits (\(d.bits / 8) bytes, \(d.codeBlocks) code block\(d.codeBlocks == 1 ? "" : "s"))")
        print("  MCS \(mcs), table \(table): Qm \(d.modulationOrder) (\(entry.modulationName)), R = \(phyFormat(d.targetCodeRateX1024, decimals: 1))/1024 = \(phyFormat(entry.targetCodeRate, decimals: 4))")
        print("  N'_RE = 12 x \(symbols) - \(dmrs) - \(overhead) = \(12 * symbols - dmrs - overhead) per PRB, capped \(d.rePerPRB); N_RE = \(d.totalREs) over \(prbs) PRBs")
        print("  N_info = N_RE x R x Qm x \(layers) layer\(layers == 1 ? "" : "s") = \(phyFormat(d.nInfo, decimals: 3)); N'_info = \(d.nInfoQuantized)")
    }
}

struct PhyTBSReport: Encodable {
    let tbsBits: Int
    let mcs: Int
    let mcsTable: Int
    let modulationOrder: Int
    let modulation: String
    let codeRateX1024: Double
    let codeRate: Double
    let spectralEfficiency: Double
    let prbs: Int
    let symbols: Int
    let dmrsREsPerPRB: Int
    let overheadREsPerPRB: Int
    let layers: Int
    let rePerPRB: Int
    let nRE: Int
    let nInfo: Double
    let nInfoQuantized: Int
    let codeBlocks: Int
}
