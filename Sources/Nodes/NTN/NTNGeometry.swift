import Foundation
import NTN
import Scenario

/// Where the scenario's flat x/y coordinates sit on the Earth, and the platforms its NTN
/// cells use. Shared by the channel (links), the DU (HARQ and timers) and the launcher.
public struct NTNGeometry: Sendable {
    public let config: NTNConfig
    /// Every platform (satellite or HAPS) of each configured platform entry, by name.
    public let platforms: [String: [Platform]]

    public init(config: NTNConfig, scenarioDirectory: String) {
        self.config = config
        var built: [String: [Platform]] = [:]
        for p in config.platforms {
            switch p.kind {
            case .haps:
                built[p.name] = [.haps(HAPS(latitudeDeg: p.latitudeDeg ?? config.originLatitudeDeg,
                                            longitudeDeg: p.longitudeDeg ?? config.originLongitudeDeg,
                                            altitudeKm: p.altitudeKm, driftRadiusKm: p.driftRadiusKm))]
            case .circular:
                built[p.name] = [.circular(CircularOrbit(altitudeKm: p.altitudeKm, inclinationDeg: p.inclinationDeg,
                                                         raanDeg: p.raanDeg, phaseDeg: p.phaseDeg))]
            case .walker:
                let walker = WalkerConstellation(altitudeKm: p.altitudeKm, inclinationDeg: p.inclinationDeg,
                                                 totalSatellites: p.satellites, planes: p.planes, phasing: p.phasing,
                                                 raanOffsetDeg: p.raanDeg)
                built[p.name] = (walker?.orbits() ?? []).map { .circular($0) }
            case .tle:
                let path = p.tleFile.map { $0.hasPrefix("/") ? $0 : "\(scenarioDirectory)/\($0)" } ?? ""
                let tles = (try? TLE.parseMany((try? String(contentsOfFile: path, encoding: .utf8)) ?? "")) ?? []
                let epoch = tles.map(\.epochJulianDate).max() ?? 0
                built[p.name] = tles.compactMap { try? SGP4Platform(tle: $0, scenarioEpochJulianDate: epoch) }.map { .sgp4($0) }
            }
        }
        platforms = built
    }

    /// The ground point of scenario coordinates (metres east and north of the origin).
    public func ground(x: Double, y: Double, heightM: Double = 0) -> GroundPoint {
        let lat = config.originLatitudeDeg + y / 111_320
        let lon = config.originLongitudeDeg + x / (111_320 * cos(config.originLatitudeDeg * .pi / 180))
        return GroundPoint(latitudeDeg: lat, longitudeDeg: lon, altitudeKm: heightM / 1000)
    }

    public func platformConfig(_ name: String) -> NTNPlatformConfig? { config.platforms.first { $0.name == name } }

    /// TR 38.821 platform class by altitude.
    public static func platformClass(altitudeKm: Double) -> PlatformClass {
        altitudeKm < 30 ? .haps : altitudeKm < 2_500 ? .leo : altitudeKm < 30_000 ? .meo : .geo
    }

    /// Worst-case one-way delay of a cell (service + feeder at the minimum elevation), ms:
    /// what HARQ timers and the scheduling offset must cover.
    public func maxOneWayDelayMs(_ cell: NTNCellConfig) -> Double {
        guard let p = platformConfig(cell.platform) else { return 0 }
        let slant = ElevationGeometry.slantRangeKm(elevationDeg: max(cell.minElevationDeg, 1), altitudeKm: p.altitudeKm)
        return 2 * slant / NTNConstants.speedOfLightKmPerS * 1000
    }

    /// One-way delay of a backhaul relayed by a platform (up and down from the origin), ms.
    public func backhaulOneWayDelayMs(platform: String) -> Double? {
        guard let first = platforms[platform]?.first else { return nil }
        let g = LinkGeometry(ground: ground(x: 0, y: 0), platform: first, atSeconds: 0)
        return 2 * g.oneWayDelayMs
    }
}

extension Topology {
    /// The scenario's NTN geometry, when it has an `ntn` section.
    public func ntnGeometry(scenarioDirectory: String = ".") -> NTNGeometry? {
        scenario.ntn.map { NTNGeometry(config: $0, scenarioDirectory: scenarioDirectory) }
    }
}
