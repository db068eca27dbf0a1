import Foundation

/// Platform classes of TR 38.821 clause 6.1.1.1 (Set-1), plus HAPS and MEO.
public enum PlatformClass: String, Sendable, Codable, CaseIterable {
    case haps, leo, meo, geo

    /// Default altitude, km (HAPS 20, LEO 600, MEO 10,000, GEO 35,786).
    public var defaultAltitudeKm: Double {
        switch self {
        case .haps: return 20
        case .leo: return 600
        case .meo: return 10_000
        case .geo: return NTNConstants.geoAltitudeKm
        }
    }
}

/// Default radio parameters from TR 38.821 Tables 6.1.1.1-1 (Set-1 satellite) and 6.1.1.1-3 (UE),
/// with the bandwidths used by the link budgets of Table 6.1.3.3-1.
public struct TR38821Parameters: Sendable, Equatable, Codable {
    /// Satellite EIRP density, dBW/MHz.
    public var satelliteEirpDensityDbWPerMHz: Double
    /// Satellite receive G/T, dB/K.
    public var satelliteGOverTDbPerK: Double
    /// UE (handheld in S-band, VSAT in Ka-band) EIRP, dBW.
    public var ueEirpDbW: Double
    /// UE G/T, dB/K.
    public var ueGOverTDbPerK: Double
    /// Downlink bandwidth, Hz.
    public var downlinkBandwidthHz: Double
    /// Uplink bandwidth, Hz.
    public var uplinkBandwidthHz: Double
    /// Shadowing margin, dB (3 dB S-band, 0 dB Ka-band).
    public var shadowMarginDb: Double
    /// Downlink carrier, GHz.
    public var downlinkFrequencyGHz: Double
    /// Uplink carrier, GHz.
    public var uplinkFrequencyGHz: Double

    /// Handheld UE: 23 dBm, 0 dBi, NF 7 dB, 290 K (Table 6.1.1.1-3).
    public static let handheldGOverTDbPerK = gOverTDbPerK(antennaGainDbi: 0, noiseFigureDb: 7, antennaTemperatureK: 290)
    /// VSAT UE: 33 dBm into 43.2 dBi (30 GHz); 39.7 dBi, NF 1.2 dB, 150 K on receive (Table 6.1.1.1-3).
    public static let vsatGOverTDbPerK = gOverTDbPerK(antennaGainDbi: 39.7, noiseFigureDb: 1.2, antennaTemperatureK: 150)

    /// Set-1 parameters for a platform class and band. TR 38.821 defines GEO, LEO-1200 and LEO-600;
    /// LEO below 900 km takes LEO-600 values and above takes LEO-1200; MEO takes LEO-1200 values
    /// and HAPS LEO-600 values (assumptions, documented in docs/ntn.md).
    /// - Parameters:
    ///   - platform: platform class.
    ///   - altitudeKm: platform altitude (selects the LEO row).
    ///   - band: S or Ka band.
    public static func set1(platform: PlatformClass, altitudeKm: Double, band: NTNBand) -> TR38821Parameters {
        enum Row { case geo, leo1200, leo600 }
        let row: Row
        switch platform {
        case .geo: row = .geo
        case .meo: row = .leo1200
        case .leo: row = altitudeKm >= 900 ? .leo1200 : .leo600
        case .haps: row = .leo600
        }
        switch band {
        case .sBand:
            let eirp: Double, gt: Double
            switch row {
            case .geo: (eirp, gt) = (59, 19)
            case .leo1200: (eirp, gt) = (40, 1.1)
            case .leo600: (eirp, gt) = (34, 1.1)
            }
            return TR38821Parameters(satelliteEirpDensityDbWPerMHz: eirp, satelliteGOverTDbPerK: gt,
                                     ueEirpDbW: 23 - 30, ueGOverTDbPerK: handheldGOverTDbPerK,
                                     downlinkBandwidthHz: 30e6, uplinkBandwidthHz: 360e3, shadowMarginDb: 3,
                                     downlinkFrequencyGHz: 2, uplinkFrequencyGHz: 2)
        case .kaBand:
            let eirp: Double, gt: Double
            switch row {
            case .geo: (eirp, gt) = (40, 28)
            case .leo1200: (eirp, gt) = (10, 13)
            case .leo600: (eirp, gt) = (4, 13)
            }
            return TR38821Parameters(satelliteEirpDensityDbWPerMHz: eirp, satelliteGOverTDbPerK: gt,
                                     ueEirpDbW: 33 - 30 + 43.2, ueGOverTDbPerK: vsatGOverTDbPerK,
                                     downlinkBandwidthHz: 400e6, uplinkBandwidthHz: 400e6, shadowMarginDb: 0,
                                     downlinkFrequencyGHz: 20, uplinkFrequencyGHz: 30)
        }
    }
}
