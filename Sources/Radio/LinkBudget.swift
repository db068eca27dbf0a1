import Foundation

/// Power and SINR bookkeeping for one link direction over a carrier.
///
/// The transmit power is spread evenly over the carrier's PRBs, so the SINR per RE is the
/// received power over the carrier divided by noise plus interference over the same
/// bandwidth (interferers assumed fully loaded over the carrier).
public struct LinkBudget: Sendable, Hashable, Codable {
    /// Boltzmann noise density at 290 K, dBm/Hz.
    public static let thermalNoiseDensityDbmPerHz = -174.0

    /// Total transmit power over the carrier, dBm.
    public var txPowerDbm: Double
    /// PRBs of the carrier (the transmission bandwidth configuration).
    public var carrierPRBs: Int
    /// Numerology (sets the PRB bandwidth).
    public var numerology: Numerology
    /// Receiver noise figure, dB.
    public var noiseFigureDb: Double
    /// Receive antenna gain, dBi (0 for a UE).
    public var rxAntennaGainDbi: Double
    /// Extra losses (body, cable, penetration), dB.
    public var otherLossesDb: Double

    /// - Parameters:
    ///   - txPowerDbm: Transmit power over the carrier (e.g. 43 dBm macro, 23 dBm UE).
    ///   - carrierPRBs: Carrier PRBs (e.g. 273).
    ///   - numerology: Numerology.
    ///   - noiseFigureDb: Receiver noise figure (default 7 dB, a UE; 5 dB for a gNB).
    ///   - rxAntennaGainDbi: Receive antenna gain (default 0).
    ///   - otherLossesDb: Other losses (default 0).
    public init(txPowerDbm: Double, carrierPRBs: Int, numerology: Numerology, noiseFigureDb: Double = 7,
                rxAntennaGainDbi: Double = 0, otherLossesDb: Double = 0) {
        precondition(carrierPRBs > 0, "a carrier has at least one PRB")
        self.txPowerDbm = txPowerDbm
        self.carrierPRBs = carrierPRBs
        self.numerology = numerology
        self.noiseFigureDb = noiseFigureDb
        self.rxAntennaGainDbi = rxAntennaGainDbi
        self.otherLossesDb = otherLossesDb
    }

    /// Occupied bandwidth, Hz: PRBs * 12 * SCS.
    public var bandwidthHz: Double { Double(carrierPRBs) * numerology.prbBandwidthHz }

    /// Noise power over the carrier, dBm.
    public var noiseDbm: Double { Self.thermalNoiseDbm(bandwidthHz: bandwidthHz, noiseFigureDb: noiseFigureDb) }

    /// Thermal noise power: -174 dBm/Hz + 10 log10(B) + NF.
    /// - Parameters:
    ///   - bandwidthHz: Noise bandwidth in Hz (> 0).
    ///   - noiseFigureDb: Receiver noise figure in dB.
    /// - Returns: Noise power in dBm.
    public static func thermalNoiseDbm(bandwidthHz: Double, noiseFigureDb: Double) -> Double {
        thermalNoiseDensityDbmPerHz + 10 * log10(bandwidthHz) + noiseFigureDb
    }

    /// Received power over the carrier, dBm.
    /// - Parameters:
    ///   - pathLossDb: Path loss (TR 38.901), dB.
    ///   - txAntennaGainDbi: Transmit antenna gain towards the receiver, dBi.
    ///   - shadowingDb: Shadow fading sample, dB (added; negative is a loss).
    ///   - fadingDb: Fast-fading gain, dB (added).
    public func receivedPowerDbm(pathLossDb: Double, txAntennaGainDbi: Double = 0, shadowingDb: Double = 0,
                                 fadingDb: Double = 0) -> Double {
        txPowerDbm + txAntennaGainDbi + rxAntennaGainDbi - otherLossesDb - pathLossDb + shadowingDb + fadingDb
    }

    /// SINR from a received power.
    /// - Parameters:
    ///   - receivedPowerDbm: Wanted signal power over the carrier, dBm.
    ///   - interferenceMw: Sum of interfering powers over the carrier, mW (0 for SNR).
    /// - Returns: SINR in dB.
    public func sinrDb(receivedPowerDbm: Double, interferenceMw: Double = 0) -> Double {
        receivedPowerDbm - Self.mwToDbm(Self.dbmToMw(noiseDbm) + interferenceMw)
    }

    /// SINR for a path loss and optional gains, fading and interference.
    /// - Parameters:
    ///   - pathLossDb: Path loss, dB.
    ///   - txAntennaGainDbi: Transmit antenna gain towards the receiver, dBi.
    ///   - shadowingDb: Shadow fading, dB.
    ///   - fadingDb: Fast fading, dB.
    ///   - interferenceMw: Interference over the carrier, mW.
    /// - Returns: SINR in dB.
    public func sinrDb(pathLossDb: Double, txAntennaGainDbi: Double = 0, shadowingDb: Double = 0,
                       fadingDb: Double = 0, interferenceMw: Double = 0) -> Double {
        sinrDb(receivedPowerDbm: receivedPowerDbm(pathLossDb: pathLossDb, txAntennaGainDbi: txAntennaGainDbi,
                                                  shadowingDb: shadowingDb, fadingDb: fadingDb),
               interferenceMw: interferenceMw)
    }

    /// dBm to mW.
    public static func dbmToMw(_ dbm: Double) -> Double { pow(10, dbm / 10) }
    /// mW to dBm.
    public static func mwToDbm(_ mw: Double) -> Double { 10 * log10(mw) }
}
