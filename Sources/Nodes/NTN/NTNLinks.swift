import Foundation
import NTN
import Radio
import Report
import Scenario

/// The channel's view of every UE in a non-terrestrial cell: which platform serves it,
/// the geometry (elevation, delay, Doppler), the TR 38.811 losses and the resulting SNR,
/// recomputed every update period; handovers with their interruption; space weather.
final class NTNLinks {
    struct Link {
        var ue: Int
        var cell: Int
        var serving = -1
        var elevationDeg = 0.0
        var oneWayDelayMs = 0.0
        var dopplerHz = 0.0
        var pathLossDb = 0.0
        var downlinkSNRDb = -50.0
        /// Uplink SNR if the UE's power went into one PRB; n PRBs share it.
        var uplinkSNROnePRBDb = -50.0
        var shadowDb = 0.0
        var clutterDb = 0.0
        var interruptedUntilNs: UInt64 = 0
        var outage = false
        var handovers = 0
        var interruptionMs = 0.0
        var gateway = 0
    }

    let topology: Topology
    let geometry: NTNGeometry
    let weather: SpaceWeather
    let updatePeriodNs: UInt64
    private(set) var links: [Int: Link] = [:]          // by UE id
    private var nextUpdateNs: UInt64 = 0
    private(set) var updatesDone = 0
    private var rng: SeededGenerator
    /// Cumulative statistics per NTN cell for the report.
    private(set) var cellStats: [Int: NTNCellReport] = [:]

    init(topology: Topology, geometry: NTNGeometry) {
        self.topology = topology
        self.geometry = geometry
        weather = SpaceWeather(events: geometry.config.spaceWeather.compactMap { e in
            guard let (scale, level) = SpaceWeatherEvent.parseScaleLevel(e.event) else { return nil }
            return SpaceWeatherEvent(scale: scale, level: level, startSeconds: e.startMs / 1000, durationSeconds: e.durationMs / 1000)
        })
        updatePeriodNs = UInt64(geometry.config.updatePeriodMs * 1e6)
        rng = SeededGenerator(seed: topology.scenario.seed, stream: 0x47_0000)
        for ue in topology.ues where topology.scenario.cells[ue.cell].ntn != nil {
            links[Int(ue.id)] = Link(ue: Int(ue.id), cell: ue.cell)
        }
        for (c, cell) in topology.scenario.cells.enumerated() where cell.ntn != nil {
            cellStats[c] = NTNCellReport(cell: cell.name, platform: cell.ntn?.platform ?? "")
        }
    }

    func isNTN(ue: Int) -> Bool { links[ue] != nil }

    /// A UE moved to another cell (steering, or an RU going to sleep): into an NTN cell it gets a
    /// link computed at once; out of one it is terrestrial again.
    func moveUE(_ ue: Int, toCell cell: Int, nowNs: UInt64) {
        guard links[ue]?.cell != cell else { return }
        guard topology.scenario.cells[cell].ntn != nil else { links[ue] = nil; return }
        var link = Link(ue: ue, cell: cell)
        update(&link, t: Double(nowNs) / 1e9, nowNs: nowNs)
        links[ue] = link
    }

    /// Recomputes every link when an update period has passed.
    func update(nowNs: UInt64) {
        guard nowNs >= nextUpdateNs else { return }
        nextUpdateNs = nowNs + updatePeriodNs
        updatesDone += 1
        let t = Double(nowNs) / 1e9
        for id in links.keys.sorted() { update(&links[id]!, t: t, nowNs: nowNs) }
    }

    private func update(_ link: inout Link, t: Double, nowNs: UInt64) {
        let scenario = topology.scenario
        let cell = scenario.cells[link.cell]
        guard let ntn = cell.ntn, let platforms = geometry.platforms[ntn.platform], let pc = geometry.platformConfig(ntn.platform) else { return }
        let ue = topology.ues[link.ue]
        let ground = geometry.ground(x: ue.position[0], y: ue.position[1], heightM: ue.position[2])
        let geometries = platforms.map { LinkGeometry(ground: ground, platform: $0, atSeconds: t) }
        // Keep the serving platform while it is above the minimum elevation (conditional handover:
        // while it still will be handoverLeadS from now, known from ephemeris); else hand over to
        // the highest platform that qualifies by the same rule.
        let conditional = ntn.handover == .conditional
        let ahead = conditional ? platforms.map { LinkGeometry(ground: ground, platform: $0, atSeconds: t + ntn.handoverLeadS) } : geometries
        func qualifies(_ i: Int) -> Bool {
            geometries[i].elevationDeg >= ntn.minElevationDeg && ahead[i].elevationDeg >= ntn.minElevationDeg
        }
        if link.serving < 0 || !qualifies(link.serving) {
            let best = (geometries.indices.filter(qualifies).isEmpty
                        ? geometries.indices.filter { geometries[$0].elevationDeg >= ntn.minElevationDeg }
                        : geometries.indices.filter(qualifies))
                .max { geometries[$0].elevationDeg < geometries[$1].elevationDeg }
            if let best, best != link.serving {
                if link.serving >= 0 {
                    link.handovers += 1
                    link.interruptedUntilNs = nowNs + UInt64(geometry.config.handoverInterruptionMs * 1e6)
                    link.interruptionMs += geometry.config.handoverInterruptionMs
                    cellStats[link.cell]?.handovers += 1
                    cellStats[link.cell]?.interruptionMs += geometry.config.handoverInterruptionMs
                }
                link.serving = best
                drawShadowing(&link, elevationDeg: geometries[best].elevationDeg, ntn: ntn, carrierGHz: cell.carrierGHz)
            } else if best == nil {
                link.serving = -1
            }
        }
        guard link.serving >= 0 else {
            link.downlinkSNRDb = -50; link.uplinkSNROnePRBDb = -50; link.elevationDeg = geometries.map(\.elevationDeg).max() ?? 0
            return
        }
        let g = geometries[link.serving]
        // The feeder link runs to the gateway that sees the serving platform highest.
        let gateways = [ntn.gateway ?? Array(cell.position.prefix(2))] + ntn.extraGateways
        let feeders = gateways.map { LinkGeometry(ground: geometry.ground(x: $0[0], y: $0[1]), platform: platforms[link.serving], atSeconds: t) }
        let gatewayIndex = feeders.indices.max { feeders[$0].elevationDeg < feeders[$1].elevationDeg } ?? 0
        if gatewayIndex != link.gateway {
            link.gateway = gatewayIndex
            cellStats[link.cell]?.feederSwitches += 1
        }
        let feeder = feeders[gatewayIndex]
        link.elevationDeg = g.elevationDeg
        link.oneWayDelayMs = g.oneWayDelayMs + feeder.oneWayDelayMs
        link.dopplerHz = g.dopplerShiftHz(carrierHz: cell.carrierGHz * 1e9)

        let band = NTNBand(frequencyGHz: cell.carrierGHz)
        let defaults = TR38821Parameters.set1(platform: NTNGeometry.platformClass(altitudeKm: pc.altitudeKm), altitudeKm: pc.altitudeKm, band: band)
        let prbHz = topology.numerology.prbBandwidthHz
        let bandwidthHz = Double(cell.prbs) * prbHz
        let effect = weather.effect(at: t, frequencyGHz: cell.carrierGHz, elevationDeg: g.elevationDeg, platformAltitudeKm: pc.altitudeKm)
        let extra = link.shadowDb + effect.totalExtraLossDb
        let downlink = LinkBudget.evaluate(LinkBudgetInput(
            frequencyGHz: cell.carrierGHz, bandwidthHz: bandwidthHz,
            eirpDbW: LinkBudget.eirpDbW(densityDbWPerMHz: pc.eirpDensityDbWPerMHz ?? defaults.satelliteEirpDensityDbWPerMHz, bandwidthHz: bandwidthHz),
            gOverTDbPerK: defaults.ueGOverTDbPerK, slantRangeKm: g.slantRangeKm, elevationDeg: g.elevationDeg,
            clutterLossDb: link.clutterDb, extraLossDb: extra, scintillationDepthMultiplier: effect.scintillationDepthMultiplier))
        let uplink = LinkBudget.evaluate(LinkBudgetInput(
            frequencyGHz: cell.carrierGHz, bandwidthHz: prbHz, eirpDbW: defaults.ueEirpDbW,
            gOverTDbPerK: pc.gOverTDbPerK ?? defaults.satelliteGOverTDbPerK, slantRangeKm: g.slantRangeKm,
            elevationDeg: g.elevationDeg, clutterLossDb: link.clutterDb, extraLossDb: extra,
            scintillationDepthMultiplier: effect.scintillationDepthMultiplier))
        link.pathLossDb = downlink.totalLossDb
        link.downlinkSNRDb = downlink.cnrDb
        link.uplinkSNROnePRBDb = uplink.cnrDb
        // A storm can take a satellite out for the rest of this period.
        let periodMinutes = Double(updatePeriodNs) / 60e9
        link.outage = effect.outageProbabilityPerMinute > 0
            && Double.random(in: 0..<1, using: &rng) < effect.outageProbabilityPerMinute * periodMinutes
    }

    /// LOS, shadow fading and clutter loss (TR 38.811 6.6.1, 6.6.2), drawn at each new serving platform.
    private func drawShadowing(_ link: inout Link, elevationDeg: Double, ntn: NTNCellConfig, carrierGHz: Double) {
        let environment: NTNEnvironment = switch ntn.environment {
        case .denseUrban: .denseUrban
        case .urban: .urban
        case .suburban: .suburban
        case .rural: .rural
        }
        let los = Double.random(in: 0..<1, using: &rng) < NTNPropagationTables.losProbability(environment: environment, elevationDeg: elevationDeg)
        let p = NTNPropagationTables.shadowing(environment: environment, band: NTNBand(frequencyGHz: carrierGHz), elevationDeg: elevationDeg)
        link.shadowDb = RandomVariate.normal(mean: 0, standardDeviation: los ? p.losShadowFadingStdDb : p.nlosShadowFadingStdDb, using: &rng)
        link.clutterDb = los ? 0 : p.nlosClutterLossDb
    }

    /// Whether the UE can be reached now (served, not in a handover gap, no outage).
    func isUp(ue: Int, nowNs: UInt64) -> Bool {
        guard let l = links[ue] else { return true }
        return l.serving >= 0 && !l.outage && nowNs >= l.interruptedUntilNs
    }

    func downlinkSINRDb(ue: Int, nowNs: UInt64) -> Double {
        isUp(ue: ue, nowNs: nowNs) ? links[ue]?.downlinkSNRDb ?? -50 : -50
    }

    func uplinkSINRDb(ue: Int, prbs: Int, nowNs: UInt64) -> Double {
        guard isUp(ue: ue, nowNs: nowNs), let l = links[ue] else { return -50 }
        return l.uplinkSNROnePRBDb - 10 * log10(Double(max(1, prbs)))
    }

    /// The longest one-way NTN delay (service + feeder link) a message may be given: a GEO
    /// satellite seen at 0 degrees from both ends is about 280 ms away.
    static let maxOneWayDelayMs = 300.0

    /// Extra slots a message to or from the UE spends in flight beyond the air link's one slot.
    func extraDelaySlots(ue: Int) -> UInt64 {
        guard let l = links[ue] else { return 0 }
        let slotMs = topology.numerology.slotDurationUs / 1000
        return UInt64(max(0, (min(l.oneWayDelayMs, Self.maxOneWayDelayMs) / slotMs).rounded() - 1))
    }

    /// Per NTN cell: averages over its UEs now, for the time series.
    func samples(nowNs: UInt64) -> [NTNSample] {
        cellStats.keys.sorted().map { c in
            let members = links.values.filter { $0.cell == c && $0.serving >= 0 }
            func mean(_ f: (Link) -> Double) -> Double {
                members.isEmpty ? 0 : (members.reduce(0) { $0 + f($1) } / Double(members.count)).rounded(toPlaces: 3)
            }
            let serving = members.first.map { platformLabel(cell: c, index: $0.serving) } ?? ""
            return NTNSample(cell: topology.scenario.cells[c].name, timeMs: Double(nowNs) / 1e6, platform: serving,
                             elevationDeg: mean(\.elevationDeg), oneWayDelayMs: mean(\.oneWayDelayMs),
                             dopplerHz: mean(\.dopplerHz), pathLossDb: mean(\.pathLossDb), sinrDb: mean(\.downlinkSNRDb),
                             servedUEs: members.count, handovers: cellStats[c]?.handovers ?? 0)
        }
    }

    private func platformLabel(cell: Int, index: Int) -> String {
        let name = topology.scenario.cells[cell].ntn?.platform ?? ""
        return (geometry.platforms[name]?.count ?? 1) > 1 ? "\(name)#\(index)" : name
    }

    /// Adds a sample of every link to the cell statistics (min/max/mean over the run).
    func accumulate() {
        for l in links.values where l.serving >= 0 {
            cellStats[l.cell]?.add(elevationDeg: l.elevationDeg, oneWayDelayMs: l.oneWayDelayMs, dopplerHz: l.dopplerHz,
                                   pathLossDb: l.pathLossDb, sinrDb: l.downlinkSNRDb)
        }
    }
}
