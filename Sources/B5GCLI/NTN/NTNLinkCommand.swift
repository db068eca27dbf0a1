import ArgumentParser
import Foundation
import NTN

/// `b5g ntn link`: geometry, delays, Doppler and the CNR budget of one NTN link.
struct NTNLinkCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "link",
        abstract: "Slant range, delays, Doppler, loss terms and CNR of a service link (TR 38.821 clause 6.1.3).")

    @Option(help: "Platform class: \(PlatformClass.allCases.map(\.rawValue).joined(separator: "|")).")
    var platform: PlatformClass

    @Option(name: .customLong("altitude-km"), help: "Altitude in km (default HAPS 20, LEO 600, MEO 10000, GEO 35786).")
    var altitudeKm: Double?

    @Option(name: .customLong("elevation-deg"), help: "UE elevation angle, degrees (0-90].")
    var elevationDeg: Double

    @Option(name: .customLong("frequency-ghz"), help: "Carrier frequency, GHz, 0.5...100 (S-band tables below 6 GHz, Ka-band above).")
    var frequencyGHz: Double

    @Option(help: "UE environment: \(NTNEnvironment.allCases.map(\.rawValue).joined(separator: "|")) (adds LOS probability, shadow fading and clutter loss).")
    var environment: NTNEnvironment?

    @Option(name: .customLong("bandwidth-mhz"), help: "Bandwidth, MHz (default TR 38.821: 30 MHz DL / 0.36 MHz UL in S-band, 400 MHz in Ka-band).")
    var bandwidthMHz: Double?

    @Option(help: "Payload: transparent|regenerative.")
    var payload: PayloadType = .transparent

    @Option(help: "Direction: downlink|uplink.")
    var direction: LinkDirection = .downlink

    @Option(name: .customLong("feeder-elevation-deg"), help: "Gateway elevation for the feeder link, degrees.")
    var feederElevationDeg: Double = 10

    @Option(name: .customLong("eirp-density-dbw-per-mhz"), help: "Satellite EIRP density (downlink), dBW/MHz (default TR 38.821 Set-1).")
    var eirpDensityDbWPerMHz: Double?

    @Option(name: .customLong("eirp-dbw"), help: "Transmitter EIRP over the bandwidth, dBW (overrides the density).")
    var eirpDbW: Double?

    @Option(name: .customLong("g-over-t-db-per-k"), help: "Receiver G/T, dB/K (default TR 38.821 Set-1 / UE class).")
    var gOverTDbPerK: Double?

    @Option(name: .customLong("shadow-margin-db"), help: "Shadowing margin, dB (default 3 dB S-band, 0 dB Ka-band).")
    var shadowMarginDb: Double?

    @Flag(help: "Print one JSON object.")
    var json = false

    func validate() throws {
        try requireFinite([
            "--altitude-km": altitudeKm, "--elevation-deg": elevationDeg, "--frequency-ghz": frequencyGHz,
            "--bandwidth-mhz": bandwidthMHz, "--feeder-elevation-deg": feederElevationDeg,
            "--eirp-density-dbw-per-mhz": eirpDensityDbWPerMHz, "--eirp-dbw": eirpDbW,
            "--g-over-t-db-per-k": gOverTDbPerK, "--shadow-margin-db": shadowMarginDb,
        ])
        guard elevationDeg > 0, elevationDeg <= 90 else { throw ValidationError("--elevation-deg must be in (0, 90], got \(elevationDeg)") }
        let band = LinkBudgetInput.validFrequencyGHz
        guard band.contains(frequencyGHz) else {
            throw ValidationError("--frequency-ghz must be within \(band.lowerBound)...\(band.upperBound) GHz, the range of the "
                + "TR 38.901 models that TR 38.811 adapts (below it ionospheric effects not modelled here dominate), got \(frequencyGHz)")
        }
        if let h = altitudeKm, h <= 0 { throw ValidationError("--altitude-km must be positive, got \(h)") }
        if platform == .haps, let h = altitudeKm, !HAPS.altitudeRangeKm.contains(h) {
            throw ValidationError("--altitude-km: a HAPS flies at 18-25 km, got \(h)")
        }
        if let b = bandwidthMHz, b <= 0 { throw ValidationError("--bandwidth-mhz must be positive, got \(b)") }
        guard feederElevationDeg > 0, feederElevationDeg <= 90 else {
            throw ValidationError("--feeder-elevation-deg must be in (0, 90], got \(feederElevationDeg)")
        }
        if let m = shadowMarginDb, m < 0 { throw ValidationError("--shadow-margin-db must be 0 or more, got \(m)") }
    }

    struct Report: Encodable {
        var platform: String
        var altitudeKm, elevationDeg, frequencyGHz, bandwidthMHz: Double
        var direction, payload: String
        var slantRangeKm, feederRangeKm: Double
        var oneWayDelayMs, serviceLinkDelayMs, feederLinkDelayMs, roundTripMs: Double
        var dopplerAtElevationHz, maxDopplerHz, maxDopplerPpm: Double
        var freeSpacePathLossDb, atmosphericLossDb, shadowMarginDb, scintillationLossDb, clutterLossDb: Double
        var eirpDbW, gOverTDbPerK, cn0DbHz, cnrDb: Double
        var environment: String?
        var losProbability, shadowFadingLosStdDb, shadowFadingNlosStdDb, cnrNlosDb: Double?
    }

    func run() throws {
        let h = altitudeKm ?? platform.defaultAltitudeKm
        let band = NTNBand(frequencyGHz: frequencyGHz)
        let defaults = TR38821Parameters.set1(platform: platform, altitudeKm: h, band: band)
        let bandwidthHz = bandwidthMHz.map { $0 * 1e6 }
            ?? (direction == .downlink ? defaults.downlinkBandwidthHz : defaults.uplinkBandwidthHz)
        let eirp: Double
        let gt: Double
        switch direction {
        case .downlink:
            eirp = eirpDbW ?? LinkBudget.eirpDbW(densityDbWPerMHz: eirpDensityDbWPerMHz ?? defaults.satelliteEirpDensityDbWPerMHz,
                                                 bandwidthHz: bandwidthHz)
            gt = gOverTDbPerK ?? defaults.ueGOverTDbPerK
        case .uplink:
            eirp = eirpDbW ?? defaults.ueEirpDbW
            gt = gOverTDbPerK ?? defaults.satelliteGOverTDbPerK
        }
        let d = ElevationGeometry.slantRangeKm(elevationDeg: elevationDeg, altitudeKm: h)
        let delays = DelayBudget.atElevations(altitudeKm: h, serviceElevationDeg: elevationDeg,
                                              feederElevationDeg: feederElevationDeg, payload: payload)
        let clutter: Double
        var los: Double?, sfLos: Double?, sfNlos: Double?
        if let env = environment {
            let s = NTNPropagationTables.shadowing(environment: env, band: band, elevationDeg: elevationDeg)
            clutter = s.nlosClutterLossDb
            los = NTNPropagationTables.losProbability(environment: env, elevationDeg: elevationDeg)
            sfLos = s.losShadowFadingStdDb
            sfNlos = s.nlosShadowFadingStdDb
        } else {
            clutter = 0
        }
        let input = LinkBudgetInput(frequencyGHz: frequencyGHz, bandwidthHz: bandwidthHz, eirpDbW: eirp, gOverTDbPerK: gt,
                                    slantRangeKm: d, elevationDeg: elevationDeg,
                                    shadowMarginDb: shadowMarginDb ?? defaults.shadowMarginDb)
        let budget = LinkBudget.evaluate(input)
        // Stationary platforms (GEO, a station-keeping HAPS) show no orbital Doppler.
        let moving = platform == .leo || platform == .meo
        let fHz = frequencyGHz * 1e9
        let dopplerHere = moving ? ElevationGeometry.maxDopplerShiftHz(altitudeKm: h, carrierHz: fHz, elevationDeg: elevationDeg) : 0
        let dopplerMax = moving ? ElevationGeometry.maxDopplerShiftHz(altitudeKm: h, carrierHz: fHz) : 0
        let report = Report(
            platform: platform.rawValue, altitudeKm: h, elevationDeg: elevationDeg, frequencyGHz: frequencyGHz,
            bandwidthMHz: bandwidthHz / 1e6, direction: direction.rawValue, payload: payload.rawValue,
            slantRangeKm: d, feederRangeKm: delays.feederLinkKm, oneWayDelayMs: delays.oneWayDelayMs,
            serviceLinkDelayMs: delays.serviceLinkDelayMs, feederLinkDelayMs: delays.feederLinkDelayMs,
            roundTripMs: delays.roundTripMs, dopplerAtElevationHz: dopplerHere, maxDopplerHz: dopplerMax,
            maxDopplerPpm: dopplerMax / fHz * 1e6, freeSpacePathLossDb: budget.freeSpacePathLossDb,
            atmosphericLossDb: budget.atmosphericLossDb, shadowMarginDb: budget.shadowMarginDb,
            scintillationLossDb: budget.scintillationLossDb, clutterLossDb: clutter, eirpDbW: eirp, gOverTDbPerK: gt,
            cn0DbHz: budget.cn0DbHz, cnrDb: budget.cnrDb, environment: environment?.rawValue,
            losProbability: los, shadowFadingLosStdDb: sfLos, shadowFadingNlosStdDb: sfNlos,
            cnrNlosDb: environment == nil ? nil : budget.cnrDb - clutter)
        if json { try NTNCommand.printJSON(report); return }
        func f(_ v: Double, _ p: Int = 2) -> String { String(format: "%.\(p)f", v) }
        print("\(platform.rawValue.uppercased()) at \(f(h, 0)) km, \(f(elevationDeg, 1)) deg elevation, \(f(frequencyGHz, 3)) GHz \(direction.rawValue), \(f(bandwidthHz / 1e6, 2)) MHz")
        print("  slant range          \(f(d)) km (feeder \(f(delays.feederLinkKm)) km at \(f(feederElevationDeg, 1)) deg)")
        print("  one-way delay        \(f(delays.oneWayDelayMs, 3)) ms (\(payload.rawValue): service \(f(delays.serviceLinkDelayMs, 3)) ms, feeder \(f(delays.feederLinkDelayMs, 3)) ms)")
        print("  round trip           \(f(delays.roundTripMs, 3)) ms")
        print("  Doppler              \(f(dopplerHere / 1e3, 2)) kHz at this elevation, max \(f(dopplerMax / 1e3, 2)) kHz (\(f(dopplerMax / fHz * 1e6, 2)) ppm)")
        print("  EIRP                 \(f(eirp)) dBW")
        print("  G/T                  \(f(gt)) dB/K")
        print("  FSPL                 \(f(budget.freeSpacePathLossDb)) dB")
        print("  atmospheric          \(f(budget.atmosphericLossDb)) dB")
        print("  shadow margin        \(f(budget.shadowMarginDb)) dB")
        print("  scintillation        \(f(budget.scintillationLossDb)) dB")
        if let env = environment, let los, let sfLos, let sfNlos {
            print("  environment          \(env.rawValue): P(LOS) \(f(los * 100, 1)) %, SF sigma LOS \(f(sfLos)) dB / NLOS \(f(sfNlos)) dB")
            print("  clutter (NLOS)       \(f(clutter)) dB")
        }
        print("  C/N0                 \(f(budget.cn0DbHz)) dB-Hz")
        print("  CNR (LOS)            \(f(budget.cnrDb)) dB")
        if environment != nil { print("  CNR (NLOS)           \(f(budget.cnrDb - clutter)) dB") }
    }
}
