import Foundation

/// Link direction relative to the UE.
public enum LinkDirection: String, Sendable, Codable, CaseIterable {
    /// Platform to UE.
    case downlink
    /// UE to platform.
    case uplink
}

/// Inputs of a carrier-to-noise link budget (TR 38.821 clause 6.1.3.1).
public struct LinkBudgetInput: Sendable, Equatable, Codable {
    /// Carrier frequency, GHz.
    public var frequencyGHz: Double
    /// Occupied bandwidth, Hz.
    public var bandwidthHz: Double
    /// Transmitter EIRP over the bandwidth, dBW.
    public var eirpDbW: Double
    /// Receiver G/T, dB/K.
    public var gOverTDbPerK: Double
    /// Slant range, km.
    public var slantRangeKm: Double
    /// Elevation at the ground end, degrees.
    public var elevationDeg: Double
    /// Shadowing margin, dB (TR 38.821 uses 3 dB in S-band, 0 dB in Ka-band).
    public var shadowMarginDb: Double
    /// Polarisation loss, dB.
    public var polarizationLossDb: Double
    /// Additional losses, dB.
    public var additionalLossDb: Double
    /// Clutter loss included in the budget, dB (0 for the line-of-sight budgets of TR 38.821).
    public var clutterLossDb: Double
    /// Extra loss from other causes (space weather), dB.
    public var extraLossDb: Double
    /// Multiplier on the ionospheric scintillation depth (space weather), 1 when quiet.
    public var scintillationDepthMultiplier: Double

    /// Creates budget inputs.
    public init(frequencyGHz: Double, bandwidthHz: Double, eirpDbW: Double, gOverTDbPerK: Double,
                slantRangeKm: Double, elevationDeg: Double, shadowMarginDb: Double = 0,
                polarizationLossDb: Double = 0, additionalLossDb: Double = 0, clutterLossDb: Double = 0,
                extraLossDb: Double = 0, scintillationDepthMultiplier: Double = 1) {
        self.frequencyGHz = frequencyGHz
        self.bandwidthHz = bandwidthHz
        self.eirpDbW = eirpDbW
        self.gOverTDbPerK = gOverTDbPerK
        self.slantRangeKm = slantRangeKm
        self.elevationDeg = elevationDeg
        self.shadowMarginDb = shadowMarginDb
        self.polarizationLossDb = polarizationLossDb
        self.additionalLossDb = additionalLossDb
        self.clutterLossDb = clutterLossDb
        self.extraLossDb = extraLossDb
        self.scintillationDepthMultiplier = scintillationDepthMultiplier
    }

    /// Carrier frequencies the link budget is meant for, GHz: the 0.5-100 GHz of the TR 38.901 channel
    /// models that TR 38.811 adapts. Below 0.5 GHz ionospheric effects that are not modelled here
    /// (absorption, Faraday rotation, dispersion) take over; the link commands refuse such carriers.
    public static let validFrequencyGHz: ClosedRange<Double> = 0.5...100

    /// Altitude of the platform implied by the slant range and the elevation (law of cosines on a
    /// spherical Earth of radius 6371 km, the inverse of `ElevationGeometry.slantRangeKm`), km.
    public var platformAltitudeKm: Double {
        let r = NTNConstants.meanEarthRadiusKm, d = slantRangeKm
        return (r * r + d * d + 2 * r * d * sin(degreesToRadians(elevationDeg))).squareRoot() - r
    }
}

/// Each term of a link budget and the resulting carrier-to-noise ratio.
public struct LinkBudgetResult: Sendable, Equatable, Codable {
    public var freeSpacePathLossDb: Double
    public var atmosphericLossDb: Double
    public var scintillationLossDb: Double
    public var shadowMarginDb: Double
    public var clutterLossDb: Double
    public var polarizationLossDb: Double
    public var additionalLossDb: Double
    public var extraLossDb: Double
    public var eirpDbW: Double
    public var gOverTDbPerK: Double
    public var bandwidthHz: Double
    /// Carrier to noise density, dB-Hz.
    public var cn0DbHz: Double
    /// Carrier to noise ratio over the bandwidth, dB.
    public var cnrDb: Double

    /// Sum of all losses, dB.
    public var totalLossDb: Double {
        freeSpacePathLossDb + atmosphericLossDb + scintillationLossDb + shadowMarginDb + clutterLossDb
            + polarizationLossDb + additionalLossDb + extraLossDb
    }
}

/// The carrier-to-noise ratio budget of TR 38.821 clause 6.1.3.1:
/// CNR = EIRP + G/T - k - FSPL - L_atm - L_shadow - L_scint - L_pol - L_add - 10 log10(B).
public enum LinkBudget {
    /// Evaluates a budget, computing FSPL, atmospheric absorption and scintillation per TR 38.811.
    /// The absorption counts the air below the platform only, and a platform below the ionosphere
    /// (a HAPS) gets no ionospheric scintillation; the platform altitude comes from the geometry.
    /// - Parameter input: the inputs.
    /// - Returns: every term and the CNR.
    public static func evaluate(_ input: LinkBudgetInput) -> LinkBudgetResult {
        let altitude = input.platformAltitudeKm
        let fspl = NTNPathLoss.freeSpaceDb(distanceKm: input.slantRangeKm, frequencyGHz: input.frequencyGHz)
        let atm = NTNPathLoss.atmosphericDb(frequencyGHz: input.frequencyGHz, elevationDeg: input.elevationDeg,
                                            platformAltitudeKm: altitude)
        let scint = Scintillation.lossDb(frequencyGHz: input.frequencyGHz, elevationDeg: input.elevationDeg,
                                         ionosphericDepthMultiplier: input.scintillationDepthMultiplier,
                                         platformAltitudeKm: altitude)
        let losses = fspl + atm + scint + input.shadowMarginDb + input.clutterLossDb + input.polarizationLossDb
            + input.additionalLossDb + input.extraLossDb
        let cn0 = input.eirpDbW + input.gOverTDbPerK - NTNConstants.boltzmannDbWPerKHz - losses
        let cnr = cn0 - 10 * log10(input.bandwidthHz)
        return LinkBudgetResult(freeSpacePathLossDb: fspl, atmosphericLossDb: atm, scintillationLossDb: scint,
                                shadowMarginDb: input.shadowMarginDb, clutterLossDb: input.clutterLossDb,
                                polarizationLossDb: input.polarizationLossDb, additionalLossDb: input.additionalLossDb,
                                extraLossDb: input.extraLossDb, eirpDbW: input.eirpDbW,
                                gOverTDbPerK: input.gOverTDbPerK, bandwidthHz: input.bandwidthHz,
                                cn0DbHz: cn0, cnrDb: cnr)
    }

    /// EIRP over a bandwidth from an EIRP density: density + 10 log10(B / 1 MHz).
    /// - Parameters:
    ///   - densityDbWPerMHz: EIRP density.
    ///   - bandwidthHz: bandwidth.
    /// - Returns: EIRP in dBW.
    public static func eirpDbW(densityDbWPerMHz: Double, bandwidthHz: Double) -> Double {
        densityDbWPerMHz + 10 * log10(bandwidthHz / 1e6)
    }
}
