import ArgumentParser
import Radio

/// TR 38.901 scenarios as a CLI argument.
enum PhyScenarioArgument: String, CaseIterable, ExpressibleByArgument {
    case uma, umi, rma, inh

    var scenario: PropagationScenario {
        switch self {
        case .uma: return .uma
        case .umi: return .umi
        case .rma: return .rma
        case .inh: return .inh
        }
    }
}

/// `b5g phy link`: one downlink through the PHY abstraction, from geometry to throughput.
struct PhyLinkCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "link",
        abstract: "Downlink budget: TR 38.901 path loss and LOS probability, SINR, CQI, MCS, TBS and throughput.",
        discussion: """
            Path loss per TR 38.901 Table 7.4.1-1, LOS probability per Table 7.4.2-1. The transmit \
            power is spread over --prbs PRBs; noise is -174 dBm/Hz over the same bandwidth plus the \
            noise figure. Without --los or --nlos the more probable state is used. CQI thresholds \
            and MCS selection target 10% BLER; TBS per TS 38.214 clause 5.1.3.2 (12 symbols, \
            12 DM-RS REs per PRB); throughput = TBS x downlink slots per second.
            """)

    @Option(help: "TR 38.901 scenario.")
    var scenario: PhyScenarioArgument

    @Option(name: .customLong("distance-m"), help: "2D distance between base station and UE, metres.")
    var distanceM: Double

    @Option(name: .customLong("carrier-ghz"), help: "Carrier frequency, GHz (0.5...100; rma 0.5...30).")
    var carrierGHz: Double = 3.5

    @Option(name: .customLong("tx-power-dbm"), help: "Transmit power over the carrier, dBm (-30...80).")
    var txPowerDbm: Double = 43

    @Option(name: .customLong("tx-antenna-gain-dbi"), help: "Base-station antenna gain towards the UE, dBi (8 = TR 38.901 element at boresight).")
    var txAntennaGainDbi: Double = 8

    @Option(help: "Carrier PRBs, all allocated to this UE (1...275).")
    var prbs: Int = 106

    @Option(help: "Numerology mu (0...3: 15/30/60/120 kHz).")
    var mu: Int = 1

    @Option(name: .customLong("bs-height-m"), help: "Base-station height, metres (default: 25 UMa, 10 UMi, 35 RMa, 3 InH).")
    var bsHeightM: Double?

    @Option(name: .customLong("ue-height-m"), help: "UE height, metres (default 1.5; 1 for InH).")
    var ueHeightM: Double?

    @Flag(name: .customLong("los"), help: "Force line of sight.")
    var forceLOS = false

    @Flag(name: .customLong("nlos"), help: "Force non line of sight.")
    var forceNLOS = false

    @Option(name: .customLong("noise-figure-db"), help: "UE noise figure, dB (0 or more).")
    var noiseFigureDb: Double = 7

    @Option(name: .customLong("interference-dbm"), help: "Interference power over the carrier, dBm (default none).")
    var interferenceDbm: Double?

    @Option(name: .customLong("mcs-table"), help: "MCS table 1 (64QAM) or 2 (256QAM); the CQI table matches.")
    var mcsTable: Int = 1

    @Option(help: "MIMO layers (1...4).")
    var layers: Int = 1

    @Option(help: "Slot pattern for the throughput: FDD or a TDD pattern such as DDDSU.")
    var tdd: String = "FDD"

    @Flag(help: "Print one JSON object.")
    var json = false

    func validate() throws {
        try requireFinite([
            "--distance-m": distanceM, "--carrier-ghz": carrierGHz, "--tx-power-dbm": txPowerDbm,
            "--tx-antenna-gain-dbi": txAntennaGainDbi, "--bs-height-m": bsHeightM, "--ue-height-m": ueHeightM,
            "--noise-figure-db": noiseFigureDb, "--interference-dbm": interferenceDbm,
        ])
        let s = scenario.scenario
        let range = s.validDistance2DM
        guard range.contains(distanceM) else {
            throw ValidationError("--distance-m must be within \(phyFormat(range.lowerBound, decimals: 0))...\(phyFormat(range.upperBound, decimals: 0)) m for \(s.rawValue) (TR 38.901 Table 7.4.1-1), got \(distanceM)")
        }
        do { try PathLossModel(scenario: s).validate(carrierGHz: carrierGHz) } catch { throw ValidationError("--carrier-ghz: \(error)") }
        guard (-30...80).contains(txPowerDbm) else { throw ValidationError("--tx-power-dbm must be -30...80, got \(txPowerDbm)") }
        guard noiseFigureDb >= 0 else { throw ValidationError("--noise-figure-db must be 0 or more, got \(noiseFigureDb)") }
        guard (1...275).contains(prbs) else { throw ValidationError("--prbs must be 1...275, got \(prbs)") }
        guard (0...3).contains(mu) else { throw ValidationError("--mu must be 0, 1, 2 or 3, got \(mu)") }
        guard !(forceLOS && forceNLOS) else { throw ValidationError("--los and --nlos are exclusive") }
        guard (1...4).contains(layers) else { throw ValidationError("--layers must be 1...4, got \(layers)") }
        do { _ = try MCSTable(number: mcsTable) } catch { throw ValidationError("--mcs-table: \(error)") }
        do { _ = try TDDPattern(tdd) } catch { throw ValidationError("--tdd: \(error)") }
        let hBS = bsHeightM ?? s.defaultBaseStationHeightM
        let hUT = ueHeightM ?? s.defaultUEHeightM
        guard hBS > 0, hUT > 0 else { throw ValidationError("heights must be positive") }
        switch s {
        case .uma, .umi:
            guard (1.5...22.5).contains(hUT) else { throw ValidationError("--ue-height-m must be 1.5...22.5 m for \(s.rawValue), got \(hUT)") }
        case .rma:
            guard (1...10).contains(hUT) else { throw ValidationError("--ue-height-m must be 1...10 m for rma, got \(hUT)") }
            guard (10...150).contains(hBS) else { throw ValidationError("--bs-height-m must be 10...150 m for rma, got \(hBS)") }
        case .inh:
            break
        }
        guard hBS > hUT else { throw ValidationError("--bs-height-m (\(hBS)) must exceed --ue-height-m (\(hUT))") }
    }

    func run() throws {
        let s = scenario.scenario
        let model = PathLossModel(scenario: s)
        let hBS = bsHeightM ?? s.defaultBaseStationHeightM
        let hUT = ueHeightM ?? s.defaultUEHeightM
        let table = try MCSTable(number: mcsTable)
        let cqiTable = CQITable(matching: table)
        let pattern = try TDDPattern(tdd)
        let numerology = Numerology(mu: mu)

        let d3D = PathLossModel.distance3DM(distance2DM: distanceM, baseStationHeightM: hBS, ueHeightM: hUT)
        let losProbability = model.losProbability(distance2DM: distanceM, ueHeightM: hUT)
        let los = forceLOS || (!forceNLOS && losProbability >= 0.5)
        let pathLoss = model.pathLossDb(distance2DM: distanceM, distance3DM: d3D, carrierGHz: carrierGHz,
                                        baseStationHeightM: hBS, ueHeightM: hUT, los: los)
        let budget = LinkBudget(txPowerDbm: txPowerDbm, carrierPRBs: prbs, numerology: numerology, noiseFigureDb: noiseFigureDb)
        let rx = budget.receivedPowerDbm(pathLossDb: pathLoss, txAntennaGainDbi: txAntennaGainDbi)
        let snr = budget.sinrDb(receivedPowerDbm: rx)
        let interferenceMw = interferenceDbm.map(LinkBudget.dbmToMw) ?? 0
        let sinr = budget.sinrDb(receivedPowerDbm: rx, interferenceMw: interferenceMw)
        let cqi = CQITable.cqi(sinrDb: sinr, table: cqiTable)
        let mcs = CQITable.mcs(forCQI: cqi, table: cqiTable, mcsTable: table)
        let entry = table.entry(mcs: mcs)!
        let bler = BLERModel().bler(sinrDb: sinr, mcs: mcs, table: table)
        let tbs = cqi == 0 ? 0 : TransportBlockSize.bits(mcs: mcs, table: table, prbs: prbs, layers: layers)
        let throughput = cqi == 0 ? 0 : peakThroughputBps(mcs: mcs, table: table, prbs: prbs, layers: layers,
                                                           numerology: numerology, tddPattern: pattern)
        let report = PhyLinkReport(
            scenario: s.rawValue, distance2DM: distanceM, distance3DM: d3D, carrierGHz: carrierGHz,
            baseStationHeightM: hBS, ueHeightM: hUT, losProbability: losProbability, los: los,
            pathLossDb: pathLoss,
            breakpointDistanceM: model.breakpointDistanceM(carrierGHz: carrierGHz, baseStationHeightM: hBS, ueHeightM: hUT).isFinite
                ? model.breakpointDistanceM(carrierGHz: carrierGHz, baseStationHeightM: hBS, ueHeightM: hUT) : nil,
            shadowFadingStdDb: model.shadowFadingStdDb(los: los, distance2DM: distanceM, carrierGHz: carrierGHz,
                                                       baseStationHeightM: hBS, ueHeightM: hUT),
            txPowerDbm: txPowerDbm, txAntennaGainDbi: txAntennaGainDbi, rxPowerDbm: rx,
            bandwidthHz: budget.bandwidthHz, noiseDbm: budget.noiseDbm, snrDb: snr, sinrDb: sinr,
            cqi: cqi, cqiTable: mcsTable, mcs: mcs, mcsTable: mcsTable, modulation: entry.modulationName,
            codeRate: entry.targetCodeRate, bler: bler, layers: layers, prbs: prbs, mu: mu,
            tddPattern: pattern.description, tbsBits: tbs, throughputBps: throughput)
        if json {
            try phyPrintJSON(report)
            return
        }
        print("\(s.rawValue.uppercased()) \(los ? "LOS" : "NLOS") at \(phyFormat(distanceM, decimals: 1)) m (3D \(phyFormat(d3D, decimals: 1)) m), \(phyFormat(carrierGHz, decimals: 2)) GHz, h_BS \(phyFormat(hBS, decimals: 1)) m, h_UT \(phyFormat(hUT, decimals: 1)) m")
        print("  LOS probability  \(phyFormat(losProbability, decimals: 3))")
        print("  path loss        \(phyFormat(pathLoss)) dB (shadow fading sigma \(phyFormat(report.shadowFadingStdDb)) dB)")
        print("  rx power         \(phyFormat(rx)) dBm over \(prbs) PRBs (\(phyFormat(budget.bandwidthHz / 1e6, decimals: 2)) MHz)")
        print("  noise            \(phyFormat(budget.noiseDbm)) dBm (NF \(phyFormat(noiseFigureDb, decimals: 1)) dB)")
        print("  SNR / SINR       \(phyFormat(snr)) / \(phyFormat(sinr)) dB")
        print("  CQI              \(cqi) (table \(mcsTable))")
        print("  MCS              \(mcs) (\(entry.modulationName), R \(phyFormat(entry.targetCodeRate, decimals: 4))), BLER \(phyFormat(bler * 100, decimals: 2)) %")
        print("  TBS              \(tbs) bits per slot (\(layers) layer\(layers == 1 ? "" : "s"))")
        print("  throughput       \(phyFormat(throughput / 1e6)) Mbit/s (\(pattern.description), \(numerology.subcarrierSpacingKHz) kHz)")
    }
}

struct PhyLinkReport: Encodable {
    let scenario: String
    let distance2DM: Double
    let distance3DM: Double
    let carrierGHz: Double
    let baseStationHeightM: Double
    let ueHeightM: Double
    let losProbability: Double
    let los: Bool
    let pathLossDb: Double
    let breakpointDistanceM: Double?
    let shadowFadingStdDb: Double
    let txPowerDbm: Double
    let txAntennaGainDbi: Double
    let rxPowerDbm: Double
    let bandwidthHz: Double
    let noiseDbm: Double
    let snrDb: Double
    let sinrDb: Double
    let cqi: Int
    let cqiTable: Int
    let mcs: Int
    let mcsTable: Int
    let modulation: String
    let codeRate: Double
    let bler: Double
    let layers: Int
    let prbs: Int
    let mu: Int
    let tddPattern: String
    let tbsBits: Int
    let throughputBps: Double
}
