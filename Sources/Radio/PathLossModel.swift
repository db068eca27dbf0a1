import Foundation

/// The TR 38.901 deployment scenarios with a path-loss model (clause 7.4.1).
public enum PropagationScenario: String, CaseIterable, Sendable, Codable {
    /// Urban macro.
    case uma
    /// Urban micro, street canyon.
    case umi
    /// Rural macro.
    case rma
    /// Indoor hotspot, office (LOS probability of the mixed office).
    case inh

    /// Default base-station height in m (TR 38.901 Table 7.4.1-1 and Table 7.2-1..3).
    public var defaultBaseStationHeightM: Double {
        switch self {
        case .uma: return 25
        case .umi: return 10
        case .rma: return 35
        case .inh: return 3
        }
    }

    /// Default UE height in m.
    public var defaultUEHeightM: Double { self == .inh ? 1 : 1.5 }

    /// Carrier frequencies in GHz where the scenario's path loss is defined (TR 38.901 clause 7.4.1):
    /// the 0.5-100 GHz of the TR for UMa, UMi and InH, and 0.5-30 GHz for RMa, whose model
    /// Table 7.4.1-1 validates only up to 30 GHz.
    public var validCarrierGHz: ClosedRange<Double> {
        switch self {
        case .uma, .umi, .inh: return 0.5...100
        case .rma: return 0.5...30
        }
    }

    /// The 2D distance range in m where the model is defined.
    public var validDistance2DM: ClosedRange<Double> {
        switch self {
        case .uma, .umi: return 10...5_000
        case .rma: return 10...10_000
        case .inh: return 1...150
        }
    }
}

/// Path loss, LOS probability and shadow fading of TR 38.901 (V17) Tables 7.4.1-1 and
/// 7.4.2-1.
///
/// Carrier frequencies in GHz and distances in m as in the TR. NLOS path loss is
/// `max(PL_LOS, PL'_NLOS)`. For UMa and UMi the effective environment height h_E is fixed
/// (default 1 m; the TR draws it at random for UMa, which only moves the breakpoint).
/// Distances below a scenario's validity range are raised to its lower edge (10 m outdoors,
/// 1 m indoors) so that the formulas never extrapolate towards zero.
public struct PathLossModel: Sendable, Hashable, Codable {
    /// The scenario.
    public var scenario: PropagationScenario
    /// RMa average building height h in m (default 5, range 5...50).
    public var averageBuildingHeightM: Double
    /// RMa average street width W in m (default 20, range 5...50).
    public var streetWidthM: Double
    /// UMa/UMi effective environment height h_E in m (default 1).
    public var effectiveEnvironmentHeightM: Double

    /// - Parameters:
    ///   - scenario: The scenario.
    ///   - averageBuildingHeightM: RMa h.
    ///   - streetWidthM: RMa W.
    ///   - effectiveEnvironmentHeightM: UMa/UMi h_E.
    public init(scenario: PropagationScenario, averageBuildingHeightM: Double = 5, streetWidthM: Double = 20,
                effectiveEnvironmentHeightM: Double = 1) {
        self.scenario = scenario
        self.averageBuildingHeightM = averageBuildingHeightM
        self.streetWidthM = streetWidthM
        self.effectiveEnvironmentHeightM = effectiveEnvironmentHeightM
    }

    /// The 3D distance between antennas.
    public static func distance3DM(distance2DM: Double, baseStationHeightM: Double, ueHeightM: Double) -> Double {
        let dh = baseStationHeightM - ueHeightM
        return (distance2DM * distance2DM + dh * dh).squareRoot()
    }

    /// The breakpoint distance in m: d'_BP = 4 h'_BS h'_UT f_c / c for UMa/UMi (heights
    /// reduced by h_E), d_BP = 2 pi h_BS h_UT f_c / c for RMa (TR 38.901 Table 7.4.1-1
    /// notes 1 and 5). Infinite for InH, which has no breakpoint.
    public func breakpointDistanceM(carrierGHz: Double, baseStationHeightM: Double, ueHeightM: Double) -> Double {
        let fcHz = carrierGHz * 1e9
        let c = 3.0e8 // the TR's value of c
        switch scenario {
        case .uma, .umi:
            let hBS = baseStationHeightM - effectiveEnvironmentHeightM
            let hUT = ueHeightM - effectiveEnvironmentHeightM
            return 4 * hBS * hUT * fcHz / c
        case .rma:
            return 2 * Double.pi * baseStationHeightM * ueHeightM * fcHz / c
        case .inh:
            return .infinity
        }
    }

    /// Refuses a carrier outside the scenario's validity range (``PropagationScenario/validCarrierGHz``)
    /// rather than let the formulas extrapolate; configuration is checked with this before any path loss
    /// is computed.
    /// - Parameter carrierGHz: Carrier frequency f_c in GHz.
    public func validate(carrierGHz: Double) throws(RadioConfigurationError) {
        let range = scenario.validCarrierGHz
        guard range.contains(carrierGHz) else {
            throw RadioConfigurationError("carrier \(carrierGHz) GHz is outside the \(scenario.rawValue) path-loss model's "
                + "\(range.lowerBound)...\(range.upperBound) GHz (TR 38.901 Table 7.4.1-1)")
        }
    }

    /// Path loss in dB. The carrier must lie in ``PropagationScenario/validCarrierGHz`` (check with
    /// ``validate(carrierGHz:)``); outside it the formulas are not defined.
    /// - Parameters:
    ///   - distance2DM: Horizontal distance in m.
    ///   - distance3DM: Direct distance in m (see ``distance3DM(distance2DM:baseStationHeightM:ueHeightM:)``).
    ///   - carrierGHz: Carrier frequency f_c in GHz.
    ///   - baseStationHeightM: h_BS in m.
    ///   - ueHeightM: h_UT in m.
    ///   - los: Line of sight (else NLOS = max(LOS, NLOS')).
    /// - Returns: The path loss in dB (positive).
    public func pathLossDb(distance2DM: Double, distance3DM: Double, carrierGHz: Double,
                           baseStationHeightM: Double, ueHeightM: Double, los: Bool) -> Double {
        let minimum = scenario.validDistance2DM.lowerBound
        let d2D = max(distance2DM, minimum)
        let d3D = max(distance3DM, d2D)
        let lineOfSight = losPathLossDb(d2D: d2D, d3D: d3D, fc: carrierGHz, hBS: baseStationHeightM, hUT: ueHeightM)
        if los { return lineOfSight }
        return max(lineOfSight, nlosPrimeDb(d3D: d3D, fc: carrierGHz, hBS: baseStationHeightM, hUT: ueHeightM))
    }

    private func losPathLossDb(d2D: Double, d3D: Double, fc: Double, hBS: Double, hUT: Double) -> Double {
        let dBP = breakpointDistanceM(carrierGHz: fc, baseStationHeightM: hBS, ueHeightM: hUT)
        let dh2 = (hBS - hUT) * (hBS - hUT)
        switch scenario {
        case .uma:
            if d2D <= dBP { return 28.0 + 22 * log10(d3D) + 20 * log10(fc) }
            return 28.0 + 40 * log10(d3D) + 20 * log10(fc) - 9 * log10(dBP * dBP + dh2)
        case .umi:
            if d2D <= dBP { return 32.4 + 21 * log10(d3D) + 20 * log10(fc) }
            return 32.4 + 40 * log10(d3D) + 20 * log10(fc) - 9.5 * log10(dBP * dBP + dh2)
        case .rma:
            if d2D <= dBP { return rmaPL1(d3D: d3D, fc: fc) }
            return rmaPL1(d3D: dBP, fc: fc) + 40 * log10(d3D / dBP)
        case .inh:
            return 32.4 + 17.3 * log10(d3D) + 20 * log10(fc)
        }
    }

    /// RMa PL1 of Table 7.4.1-1 (h = average building height).
    private func rmaPL1(d3D: Double, fc: Double) -> Double {
        let h = averageBuildingHeightM
        return 20 * log10(40 * Double.pi * d3D * fc / 3) + min(0.03 * pow(h, 1.72), 10) * log10(d3D)
            - min(0.044 * pow(h, 1.72), 14.77) + 0.002 * log10(h) * d3D
    }

    /// PL'_NLOS of Table 7.4.1-1 (before the max with LOS).
    private func nlosPrimeDb(d3D: Double, fc: Double, hBS: Double, hUT: Double) -> Double {
        switch scenario {
        case .uma:
            return 13.54 + 39.08 * log10(d3D) + 20 * log10(fc) - 0.6 * (hUT - 1.5)
        case .umi:
            return 35.3 * log10(d3D) + 22.4 + 21.3 * log10(fc) - 0.3 * (hUT - 1.5)
        case .rma:
            let h = averageBuildingHeightM
            let w = streetWidthM
            return 161.04 - 7.1 * log10(w) + 7.5 * log10(h) - (24.37 - 3.7 * (h / hBS) * (h / hBS)) * log10(hBS)
                + (43.42 - 3.1 * log10(hBS)) * (log10(d3D) - 3) + 20 * log10(fc)
                - (3.2 * pow(log10(11.75 * hUT), 2) - 4.97)
        case .inh:
            return 38.3 * log10(d3D) + 17.30 + 24.9 * log10(fc)
        }
    }

    /// LOS probability of TR 38.901 Table 7.4.2-1.
    /// - Parameters:
    ///   - distance2DM: Horizontal distance in m (outdoor part).
    ///   - ueHeightM: h_UT in m (UMa only).
    /// - Returns: A probability in [0, 1].
    public func losProbability(distance2DM d: Double, ueHeightM: Double) -> Double {
        switch scenario {
        case .rma:
            return d <= 10 ? 1 : exp(-(d - 10) / 1000)
        case .umi:
            return d <= 18 ? 1 : 18 / d + exp(-d / 36) * (1 - 18 / d)
        case .uma:
            if d <= 18 { return 1 }
            let c: Double = ueHeightM <= 13 ? 0 : pow((ueHeightM - 13) / 10, 1.5)
            return (18 / d + exp(-d / 63) * (1 - 18 / d)) * (1 + c * 5 / 4 * pow(d / 100, 3) * exp(-d / 150))
        case .inh:
            if d <= 1.2 { return 1 }
            if d < 6.5 { return exp(-(d - 1.2) / 4.7) }
            return exp(-(d - 6.5) / 32.6) * 0.32
        }
    }

    /// Shadow-fading standard deviation in dB (Table 7.4.1-1). For RMa LOS this is the
    /// value before the breakpoint (4 dB); use the distance-aware overload for beyond it.
    public func shadowFadingStdDb(los: Bool) -> Double {
        switch (scenario, los) {
        case (.uma, true): return 4
        case (.uma, false): return 6
        case (.umi, true): return 4
        case (.umi, false): return 7.82
        case (.rma, true): return 4
        case (.rma, false): return 8
        case (.inh, true): return 3
        case (.inh, false): return 8.03
        }
    }

    /// Shadow-fading standard deviation in dB with the RMa LOS breakpoint (4 dB before,
    /// 6 dB after).
    public func shadowFadingStdDb(los: Bool, distance2DM: Double, carrierGHz: Double,
                                  baseStationHeightM: Double, ueHeightM: Double) -> Double {
        if scenario == .rma && los &&
            distance2DM > breakpointDistanceM(carrierGHz: carrierGHz, baseStationHeightM: baseStationHeightM, ueHeightM: ueHeightM) {
            return 6
        }
        return shadowFadingStdDb(los: los)
    }
}
