/// Ground environment of the UE (TR 38.811 clause 6.6.1 and 6.6.2).
public enum NTNEnvironment: String, Sendable, Codable, CaseIterable {
    case denseUrban = "dense-urban"
    case urban
    case suburban
    case rural
}

/// Frequency band of the NTN tables: S-band (below 6 GHz) or Ka-band.
public enum NTNBand: String, Sendable, Codable {
    case sBand = "S"
    case kaBand = "Ka"

    /// The table band for a carrier: S-band below 6 GHz, Ka-band from 6 GHz.
    public init(frequencyGHz: Double) { self = frequencyGHz < 6 ? .sBand : .kaBand }
}

/// Shadow fading and clutter loss for one environment, band, elevation (TR 38.811 Tables 6.6.2-1..-3).
public struct ShadowingParameters: Sendable, Equatable {
    /// Shadow fading standard deviation under line of sight, dB.
    public var losShadowFadingStdDb: Double
    /// Shadow fading standard deviation without line of sight, dB.
    public var nlosShadowFadingStdDb: Double
    /// Clutter loss without line of sight, dB (0 under line of sight).
    public var nlosClutterLossDb: Double
}

/// The elevation-dependent tables of TR 38.811 clause 6.6, interpolated linearly between the
/// tabulated 10-degree steps and held constant below 10 degrees.
public enum NTNPropagationTables {
    static let elevationsDeg: [Double] = [10, 20, 30, 40, 50, 60, 70, 80, 90]

    // Table 6.6.1-1, percent.
    static let losDenseUrban: [Double] = [28.2, 33.1, 39.8, 46.8, 53.7, 61.2, 73.8, 82.0, 98.1]
    static let losUrban: [Double] = [24.6, 38.6, 49.3, 61.3, 72.6, 80.5, 91.9, 96.8, 99.2]
    static let losSuburbanRural: [Double] = [78.2, 86.9, 91.9, 92.9, 93.5, 94.0, 94.9, 95.2, 99.8]

    // Table 6.6.2-1 (dense urban).
    static let duS = (los: [3.5, 3.4, 2.9, 3.0, 3.1, 2.7, 2.5, 2.3, 1.2],
                      nlos: [15.5, 13.9, 12.4, 11.7, 10.6, 10.5, 10.1, 9.2, 9.2],
                      cl: [34.3, 30.9, 29.0, 27.7, 26.8, 26.2, 25.8, 25.5, 25.5])
    static let duKa = (los: [2.9, 2.4, 2.7, 2.4, 2.4, 2.7, 2.6, 2.8, 0.6],
                       nlos: [17.1, 17.1, 15.6, 14.6, 14.2, 12.6, 12.1, 12.3, 12.3],
                       cl: [44.3, 39.9, 37.5, 35.8, 34.6, 33.8, 33.3, 33.0, 32.9])
    // Table 6.6.2-2 (urban): sigma 4 dB LOS / 6 dB NLOS; clutter loss as dense urban.
    // Table 6.6.2-3 (suburban and rural).
    static let srS = (los: [1.79, 1.14, 1.14, 0.92, 1.42, 1.56, 0.85, 0.72, 0.72],
                      nlos: [8.93, 9.08, 8.78, 10.25, 10.56, 10.74, 10.17, 11.52, 11.52],
                      cl: [19.52, 18.17, 18.42, 18.28, 18.63, 17.68, 16.50, 16.30, 16.30])
    static let srKa = (los: [1.9, 1.6, 1.9, 2.3, 2.7, 3.1, 3.0, 3.6, 0.4],
                       nlos: [10.7, 10.0, 11.2, 11.6, 11.8, 10.8, 10.8, 10.8, 10.8],
                       cl: [29.5, 24.6, 21.9, 20.0, 18.7, 17.8, 17.2, 16.9, 16.8])

    /// Line-of-sight probability, 0...1 (TR 38.811 Table 6.6.1-1).
    /// - Parameters:
    ///   - environment: UE environment.
    ///   - elevationDeg: elevation angle.
    public static func losProbability(environment: NTNEnvironment, elevationDeg: Double) -> Double {
        let table: [Double]
        switch environment {
        case .denseUrban: table = losDenseUrban
        case .urban: table = losUrban
        case .suburban, .rural: table = losSuburbanRural
        }
        return interpolate(elevationsDeg, table, at: elevationDeg) / 100
    }

    /// Shadow fading and clutter loss (TR 38.811 Tables 6.6.2-1, 6.6.2-2, 6.6.2-3).
    /// - Parameters:
    ///   - environment: UE environment.
    ///   - band: S or Ka band.
    ///   - elevationDeg: elevation angle.
    public static func shadowing(environment: NTNEnvironment, band: NTNBand, elevationDeg: Double) -> ShadowingParameters {
        let e = elevationDeg
        func at(_ t: (los: [Double], nlos: [Double], cl: [Double])) -> ShadowingParameters {
            ShadowingParameters(losShadowFadingStdDb: interpolate(elevationsDeg, t.los, at: e),
                                nlosShadowFadingStdDb: interpolate(elevationsDeg, t.nlos, at: e),
                                nlosClutterLossDb: interpolate(elevationsDeg, t.cl, at: e))
        }
        switch (environment, band) {
        case (.denseUrban, .sBand): return at(duS)
        case (.denseUrban, .kaBand): return at(duKa)
        case (.urban, .sBand): return ShadowingParameters(losShadowFadingStdDb: 4, nlosShadowFadingStdDb: 6,
                                                          nlosClutterLossDb: interpolate(elevationsDeg, duS.cl, at: e))
        case (.urban, .kaBand): return ShadowingParameters(losShadowFadingStdDb: 4, nlosShadowFadingStdDb: 6,
                                                           nlosClutterLossDb: interpolate(elevationsDeg, duKa.cl, at: e))
        case (.suburban, .sBand), (.rural, .sBand): return at(srS)
        case (.suburban, .kaBand), (.rural, .kaBand): return at(srKa)
        }
    }
}
