import XCTest
@testable import NTN

/// A small deterministic generator for tests (SplitMix64).
struct TestRandom: RandomNumberGenerator {
    var state: UInt64
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

final class SpaceWeatherTests: XCTestCase {
    func testLevelTableIsMonotonic() {
        for scale in NOAAScale.allCases {
            for level in 1..<5 {
                let a = SpaceWeatherLevelEffect.of(scale: scale, level: level)
                let b = SpaceWeatherLevelEffect.of(scale: scale, level: level + 1)
                XCTAssertLessThanOrEqual(a.absorptionAt10MHzDb, b.absorptionAt10MHzDb)
                XCTAssertLessThanOrEqual(a.scintillationDepthMultiplier, b.scintillationDepthMultiplier)
                XCTAssertLessThanOrEqual(a.outageProbabilityPerMinute, b.outageProbabilityPerMinute)
            }
        }
        XCTAssertEqual(SpaceWeatherLevelEffect.of(scale: .geomagneticStorm, level: 0), .none)
        XCTAssertNil(SpaceWeatherEvent(scale: .radioBlackout, level: 6, startSeconds: 0, durationSeconds: 60))
        XCTAssertTrue(SpaceWeatherEvent.parseScaleLevel("G4")! == (.geomagneticStorm, 4))
        XCTAssertNil(SpaceWeatherEvent.parseScaleLevel("X1"))
    }

    func testEffectWindowAndFrequencyScaling() throws {
        let r5 = try XCTUnwrap(SpaceWeatherEvent(scale: .radioBlackout, level: 5, startSeconds: 100, durationSeconds: 600))
        let weather = SpaceWeather(events: [r5])
        XCTAssertEqual(weather.effect(at: 99, frequencyGHz: 0.01, elevationDeg: 90), .quiet)
        XCTAssertEqual(weather.effect(at: 700, frequencyGHz: 0.01, elevationDeg: 90), .quiet)
        // 40 dB of absorption at 10 MHz vertical; 1/f^2 leaves 1e-3 dB at 2 GHz.
        // Radio-burst noise (2 dB for R5) applies to every carrier below 3 GHz, HF included.
        XCTAssertEqual(weather.effect(at: 100, frequencyGHz: 0.01, elevationDeg: 90).extraAttenuationDb, 40 + 2, accuracy: 1e-9)
        XCTAssertEqual(weather.effect(at: 100, frequencyGHz: 2, elevationDeg: 90).extraAttenuationDb, 2 + 40 * 2.5e-5, accuracy: 1e-9)
        XCTAssertEqual(weather.effect(at: 100, frequencyGHz: 20, elevationDeg: 90).extraAttenuationDb, 40 * 2.5e-7, accuracy: 1e-12)
        // Lower elevation, longer path through the D region.
        XCTAssertEqual(weather.effect(at: 100, frequencyGHz: 0.01, elevationDeg: 30).extraAttenuationDb, 80 + 2, accuracy: 1e-9)
    }

    func testGeomagneticStormDeepensScintillationBelow6GHzOnly() throws {
        let g4 = try XCTUnwrap(SpaceWeatherEvent(scale: .geomagneticStorm, level: 4, startSeconds: 0, durationSeconds: 3600))
        let weather = SpaceWeather(events: [g4])
        let s = weather.effect(at: 10, frequencyGHz: 2, elevationDeg: 90)
        XCTAssertEqual(s.scintillationDepthMultiplier, 4)
        XCTAssertEqual(s.extraScintillationLossDb, 3 * Scintillation.ionosphericLossDb(frequencyGHz: 2), accuracy: 1e-9)
        XCTAssertEqual(weather.effect(at: 10, frequencyGHz: 20, elevationDeg: 90).extraScintillationLossDb, 0)
        XCTAssertEqual(s.outageProbabilityPerMinute, 1e-5, accuracy: 1e-15)
    }

    /// A HAPS is below the D region and the ionosphere: storms add no absorption or scintillation on
    /// its path (radio-burst noise at the receiver still counts).
    func testNoIonosphericEffectsBelowTheIonosphere() throws {
        let r5 = try XCTUnwrap(SpaceWeatherEvent(scale: .radioBlackout, level: 5, startSeconds: 0, durationSeconds: 3600))
        let g5 = try XCTUnwrap(SpaceWeatherEvent(scale: .geomagneticStorm, level: 5, startSeconds: 0, durationSeconds: 3600))
        let weather = SpaceWeather(events: [r5, g5])
        let haps = weather.effect(at: 10, frequencyGHz: 0.7, elevationDeg: 30, platformAltitudeKm: 20)
        XCTAssertEqual(haps.extraScintillationLossDb, 0)
        XCTAssertEqual(haps.extraAttenuationDb, 2, accuracy: 1e-12, "R5 radio-burst noise only")
        let leo = weather.effect(at: 10, frequencyGHz: 0.7, elevationDeg: 30, platformAltitudeKm: 600)
        XCTAssertGreaterThan(leo.extraScintillationLossDb, 0)
        XCTAssertGreaterThan(leo.extraAttenuationDb, 2)
    }

    /// However deep the storm, quiet plus extra scintillation stays within saturation (27.5 dB peak to
    /// peak, 19.4 dB of loss).
    func testStormScintillationSaturates() throws {
        let g5 = try XCTUnwrap(SpaceWeatherEvent(scale: .geomagneticStorm, level: 5, startSeconds: 0, durationSeconds: 3600))
        let weather = SpaceWeather(events: [g5])
        for f in [0.5, 0.7, 1.0, 1.5, 2.0] {
            for el in [10.0, 30, 90] {
                let total = Scintillation.ionosphericLossDb(frequencyGHz: f)
                    + weather.effect(at: 10, frequencyGHz: f, elevationDeg: el).extraScintillationLossDb
                XCTAssertLessThanOrEqual(total, 27.5 / 2.0.squareRoot() + 1e-9, "\(f) GHz, \(el) deg")
            }
        }
        // At 0.5 GHz a G5 storm (x5) reaches it.
        let extra = weather.effect(at: 10, frequencyGHz: 0.5, elevationDeg: 90).extraScintillationLossDb
        XCTAssertEqual(Scintillation.ionosphericLossDb(frequencyGHz: 0.5) + extra, 27.5 / 2.0.squareRoot(), accuracy: 1e-9)
    }

    func testCombinedEventsAndSeededOutages() throws {
        let s5 = try XCTUnwrap(SpaceWeatherEvent(scale: .radiationStorm, level: 5, startSeconds: 0, durationSeconds: 86_400))
        let g5 = try XCTUnwrap(SpaceWeatherEvent(scale: .geomagneticStorm, level: 5, startSeconds: 0, durationSeconds: 86_400))
        let weather = SpaceWeather(events: [s5, g5])
        let p = weather.effect(at: 1, frequencyGHz: 2, elevationDeg: 45).outageProbabilityPerMinute
        XCTAssertEqual(p, 1 - (1 - 1e-2) * (1 - 1e-4), accuracy: 1e-15)
        // Over 20,000 one-minute steps the outage count follows the probability, and a seed replays exactly.
        var rngA = TestRandom(state: 42), rngB = TestRandom(state: 42)
        var countA = 0, countB = 0
        for k in 0..<20_000 {
            if weather.sampleOutage(at: Double(k), stepSeconds: 60, using: &rngA) { countA += 1 }
            if weather.sampleOutage(at: Double(k), stepSeconds: 60, using: &rngB) { countB += 1 }
        }
        XCTAssertEqual(countA, countB)
        XCTAssertEqual(Double(countA) / 20_000, p, accuracy: 0.003)
    }
}
