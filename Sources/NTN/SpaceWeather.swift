import Foundation

/// The three NOAA space weather scales.
public enum NOAAScale: String, Sendable, Codable, CaseIterable {
    /// R1-R5: radio blackouts from solar X-ray flares (sunlit-side D-region absorption).
    case radioBlackout = "R"
    /// S1-S5: solar radiation storms (energetic protons: single-event upsets on satellites).
    case radiationStorm = "S"
    /// G1-G5: geomagnetic storms (ionospheric irregularities: scintillation, charging).
    case geomagneticStorm = "G"
}

/// What one scale level does to an NTN link (the mapping table of docs/ntn.md).
public struct SpaceWeatherLevelEffect: Sendable, Equatable, Codable {
    /// D-region absorption at 10 MHz on a vertical path, dB; scaled by (10 MHz / f)^2 and by the
    /// cosecant of the elevation, so it matters on HF and is negligible at L/S/Ka band.
    public var absorptionAt10MHzDb: Double
    /// Solar radio burst noise expressed as a C/N loss below 3 GHz, dB.
    public var radioNoiseLossBelow3GHzDb: Double
    /// Multiplier on the ionospheric scintillation depth (TR 38.811 clause 6.6.6.1 term).
    public var scintillationDepthMultiplier: Double
    /// Probability per minute that a given satellite is out of service.
    public var outageProbabilityPerMinute: Double

    /// No effect.
    public static let none = SpaceWeatherLevelEffect(absorptionAt10MHzDb: 0, radioNoiseLossBelow3GHzDb: 0,
                                                     scintillationDepthMultiplier: 1, outageProbabilityPerMinute: 0)

    /// The documented effect of a scale level (level 1...5; other levels give `none`).
    public static func of(scale: NOAAScale, level: Int) -> SpaceWeatherLevelEffect {
        guard (1...5).contains(level) else { return .none }
        let i = level - 1
        switch scale {
        case .radioBlackout:
            return SpaceWeatherLevelEffect(absorptionAt10MHzDb: [2, 5, 10, 20, 40][i],
                                           radioNoiseLossBelow3GHzDb: [0, 0, 0.5, 1, 2][i],
                                           scintillationDepthMultiplier: 1, outageProbabilityPerMinute: 0)
        case .radiationStorm:
            return SpaceWeatherLevelEffect(absorptionAt10MHzDb: 0, radioNoiseLossBelow3GHzDb: 0,
                                           scintillationDepthMultiplier: 1,
                                           outageProbabilityPerMinute: [0, 1e-5, 1e-4, 1e-3, 1e-2][i])
        case .geomagneticStorm:
            return SpaceWeatherLevelEffect(absorptionAt10MHzDb: [0, 0, 1, 3, 6][i], radioNoiseLossBelow3GHzDb: 0,
                                           scintillationDepthMultiplier: [1.5, 2, 3, 4, 5][i],
                                           outageProbabilityPerMinute: [0, 0, 1e-6, 1e-5, 1e-4][i])
        }
    }
}

/// A space weather event on a NOAA scale, active from `startSeconds` for `durationSeconds`.
public struct SpaceWeatherEvent: Sendable, Equatable, Codable {
    /// The scale (R, S or G).
    public var scale: NOAAScale
    /// The level, 1...5.
    public var level: Int
    /// Start, seconds from the scenario epoch.
    public var startSeconds: Double
    /// Duration, seconds.
    public var durationSeconds: Double

    /// Creates an event; fails unless 1 <= level <= 5 and the duration is positive.
    public init?(scale: NOAAScale, level: Int, startSeconds: Double, durationSeconds: Double) {
        guard (1...5).contains(level), durationSeconds > 0 else { return nil }
        self.scale = scale
        self.level = level
        self.startSeconds = startSeconds
        self.durationSeconds = durationSeconds
    }

    /// Parses "R3", "S2", "G5" into a scale and level.
    public static func parseScaleLevel(_ text: String) -> (NOAAScale, Int)? {
        guard let first = text.uppercased().first, let scale = NOAAScale(rawValue: String(first)),
              let level = Int(text.dropFirst()), (1...5).contains(level) else { return nil }
        return (scale, level)
    }

    /// Whether the event is in force at `t` seconds (start inclusive, end exclusive).
    public func isActive(atSeconds t: Double) -> Bool { t >= startSeconds && t < startSeconds + durationSeconds }

    /// The per-level effect of this event.
    public var levelEffect: SpaceWeatherLevelEffect { .of(scale: scale, level: level) }
}

/// Combined degradation of a link at one instant.
public struct SpaceWeatherEffect: Sendable, Equatable, Codable {
    /// Extra attenuation (absorption and radio noise), dB.
    public var extraAttenuationDb: Double
    /// Ionospheric scintillation depth multiplier (largest of the active events).
    public var scintillationDepthMultiplier: Double
    /// Extra scintillation loss beyond the quiet-time TR 38.811 value, dB.
    public var extraScintillationLossDb: Double
    /// Probability per minute of a satellite outage, combining events as independent causes.
    public var outageProbabilityPerMinute: Double

    /// Total extra loss to add to a link budget, dB.
    public var totalExtraLossDb: Double { extraAttenuationDb + extraScintillationLossDb }

    /// Quiet conditions.
    public static let quiet = SpaceWeatherEffect(extraAttenuationDb: 0, scintillationDepthMultiplier: 1,
                                                 extraScintillationLossDb: 0, outageProbabilityPerMinute: 0)
}

/// A timeline of space weather events and their effect on NTN links.
public struct SpaceWeather: Sendable, Equatable, Codable {
    /// The events, in any order.
    public var events: [SpaceWeatherEvent]

    /// Creates a timeline.
    public init(events: [SpaceWeatherEvent]) { self.events = events }

    /// Combined degradation at `t` seconds for a carrier and elevation.
    ///
    /// Absorption scales as (0.01 GHz / f)^2 / sin(elevation) (non-deviative D-region absorption);
    /// the extra ionospheric scintillation is (multiplier - 1) times the TR 38.811 clause 6.6.6.1 loss,
    /// scaled by 1 / sqrt(sin(elevation)) for the longer path through the ionosphere
    /// (elevation held at 10 degrees or more in both factors), and stops where the fluctuation
    /// saturates (`Scintillation.saturatedIonosphericFluctuationDb`). A platform below the ionosphere
    /// (a HAPS) has neither on its path; radio-burst noise and outages do not depend on the path.
    /// - Parameters:
    ///   - t: seconds from the scenario epoch.
    ///   - frequencyGHz: carrier frequency.
    ///   - elevationDeg: elevation angle of the link.
    ///   - platformAltitudeKm: altitude of the platform (default: a satellite, above the ionosphere).
    public func effect(at t: Double, frequencyGHz: Double, elevationDeg: Double,
                       platformAltitudeKm: Double = .infinity) -> SpaceWeatherEffect {
        let active = events.filter { $0.isActive(atSeconds: t) }
        guard !active.isEmpty else { return .quiet }
        let throughIonosphere = platformAltitudeKm >= Scintillation.ionosphereBaseAltitudeKm
        let sinEl = sin(degreesToRadians(max(elevationDeg, 10)))
        var attenuation = 0.0, multiplier = 1.0, survive = 1.0
        for e in active {
            let l = e.levelEffect
            if throughIonosphere { attenuation += l.absorptionAt10MHzDb * pow(0.01 / frequencyGHz, 2) / sinEl }
            if frequencyGHz < 3 { attenuation += l.radioNoiseLossBelow3GHzDb }
            multiplier = max(multiplier, l.scintillationDepthMultiplier)
            survive *= 1 - l.outageProbabilityPerMinute
        }
        let quiet = Scintillation.ionosphericLossDb(frequencyGHz: frequencyGHz, platformAltitudeKm: platformAltitudeKm)
        let ceiling = Scintillation.saturatedIonosphericFluctuationDb / 2.0.squareRoot() - quiet
        let extraScint = quiet > 0 ? min((multiplier - 1) * quiet / sinEl.squareRoot(), ceiling) : 0
        return SpaceWeatherEffect(extraAttenuationDb: attenuation, scintillationDepthMultiplier: multiplier,
                                  extraScintillationLossDb: extraScint, outageProbabilityPerMinute: 1 - survive)
    }

    /// Draws whether a satellite is out of service during a step of `stepSeconds` at `t`.
    /// - Parameters:
    ///   - t: seconds from the scenario epoch.
    ///   - stepSeconds: length of the step.
    ///   - generator: the scenario's seeded random number generator.
    /// - Returns: true when an outage occurs in the step.
    public func sampleOutage<G: RandomNumberGenerator>(at t: Double, stepSeconds: Double, using generator: inout G) -> Bool {
        let p = effect(at: t, frequencyGHz: 2, elevationDeg: 90).outageProbabilityPerMinute
        guard p > 0 else { return false }
        let pStep = 1 - pow(1 - p, stepSeconds / 60)
        return Double.random(in: 0..<1, using: &generator) < pStep
    }
}
